import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppEnv } from './env.js'
import { onError } from './on-error.js'
import { readBodyText } from './read-body.js'

const LIMIT = 64

/** Over a real socket: the bindings carry Node's request, which `readBodyText` reads directly. */
describe('readBodyText under @hono/node-server', () => {
  let server: ReturnType<typeof serve>
  let port = 0
  beforeAll(async () => {
    const app = new Hono<AppEnv>()
    app.post('/echo', async (c) => c.text(`[${await readBodyText(c, LIMIT)}]`))
    app.onError(onError())
    server = serve({ fetch: (req, env) => app.fetch(req, env), port: 0, hostname: '127.0.0.1' })
    await new Promise<void>((resolve) => server.once('listening', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  /** POSTs `chunks` one write each, chunked unless `length` is declared. */
  const post = (chunks: (string | Buffer)[], length?: number) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: '/echo',
          headers: length === undefined ? {} : { 'content-length': length },
        },
        (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (d: string) => (body += d))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        },
      )
      req.on('error', reject)
      for (const chunk of chunks) req.write(chunk)
      req.end()
    })

  it('reads a body with a declared length', async () => {
    expect(await post(['{"a":1}'], 7)).toEqual({ status: 200, body: '[{"a":1}]' })
  })

  it('reads a chunked body of several writes, a character split between two', async () => {
    const euro = Buffer.from('€')
    const { status, body } = await post(['price: ', euro.subarray(0, 1), euro.subarray(1), '!'])
    expect([status, body]).toEqual([200, '[price: €!]'])
  })

  it('reads an empty body', async () => {
    expect(await post([], 0)).toEqual({ status: 200, body: '[]' })
  })

  it('answers 413 to a chunked body once it grows past the limit, keeping none of the rest', async () => {
    const { status, body } = await post(['x'.repeat(40), 'y'.repeat(40)])
    expect([status, JSON.parse(body).error.code]).toEqual([413, 'LTI_BODY_TOO_LARGE'])
    // The server itself carries on.
    expect(await post(['ok'], 2)).toEqual({ status: 200, body: '[ok]' })
  })

  it('refuses a declared length over the limit before reading', async () => {
    const { status, body } = await post(['x'.repeat(LIMIT + 1)], LIMIT + 1)
    expect([status, JSON.parse(body).error.code]).toEqual([413, 'LTI_BODY_TOO_LARGE'])
  })
})
