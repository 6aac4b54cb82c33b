import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { LtiError } from '../../core/errors.js'
import { createGuardedFetch } from './guarded-fetch.js'
import type { GuardedFetch, GuardedFetchOptions, Resolve } from './guarded-fetch.js'

// Every target in this file is loopback: were the guard to fail, the request would land on
// this server (and show in `requests`), never on another machine.
let server: Server
let port: number
let requests = 0
let handler: (req: IncomingMessage, res: ServerResponse) => void
const opened: GuardedFetch[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++
    handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})

afterAll(async () => {
  await Promise.all(opened.map((f) => f.close()))
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

beforeEach(() => {
  requests = 0
  handler = (_req, res) => res.end('ok')
})

function guarded(options: GuardedFetchOptions): GuardedFetch {
  const fetch = createGuardedFetch(options)
  opened.push(fetch)
  return fetch
}

/** A resolver that answers from a table, as a rebinding attacker's DNS would. */
const table =
  (answers: Record<string, string[]>): Resolve =>
  async (hostname) =>
    (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))

const code = (c: string) => expect.objectContaining({ code: c })

describe('createGuardedFetch', () => {
  it('reaches a loopback server in dev mode', async () => {
    const response = await guarded({ dev: true })(`http://127.0.0.1:${port}/jwks`)
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('ok')
    expect(requests).toBe(1)
  })

  it('reaches localhost through the system resolver in dev mode', async () => {
    const response = await guarded({ dev: true })(new URL(`http://localhost:${port}/`))
    expect(await response.text()).toBe('ok')
  })

  it('connects to the address its own lookup checked', async () => {
    const fetch = guarded({ dev: true, resolve: table({ 'lms.localhost': ['127.0.0.1'] }) })
    expect((await fetch(`http://lms.localhost:${port}/`)).status).toBe(200)
  })

  it('refuses http outside dev mode before connecting', async () => {
    await expect(guarded({ dev: false })(`http://127.0.0.1:${port}/`)).rejects.toEqual(
      code('LTI_URL_INSECURE'),
    )
    expect(requests).toBe(0)
  })

  it('refuses https://localhost outside dev mode in the lookup guard', async () => {
    const resolved: string[] = []
    const spy: Resolve = async (hostname, options) => {
      resolved.push(hostname)
      const { promises } = await import('node:dns')
      return promises.lookup(hostname, { ...options, all: true })
    }
    const error = await guarded({ dev: false, resolve: spy })(`https://localhost:${port}/`).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(LtiError)
    expect(error).toMatchObject({
      code: 'LTI_URL_FORBIDDEN_ADDRESS',
      cause: { hostname: 'localhost' },
    })
    expect(resolved).toEqual(['localhost'])
    expect(requests).toBe(0)
  })

  it.each(['127.0.0.1', '[::1]', '[::ffff:127.0.0.1]'])(
    'refuses the literal address https://%s outside dev mode',
    async (host) => {
      await expect(guarded({ dev: false })(`https://${host}:${port}/`)).rejects.toEqual(
        code('LTI_URL_FORBIDDEN_ADDRESS'),
      )
      expect(requests).toBe(0)
    },
  )

  it('refuses a host when any of its addresses is forbidden (DNS rebinding)', async () => {
    const fetch = guarded({
      dev: true,
      resolve: table({ 'lms.localhost': ['127.0.0.1', '10.0.0.1'] }),
    })
    await expect(fetch(`http://lms.localhost:${port}/`)).rejects.toEqual(
      code('LTI_URL_FORBIDDEN_ADDRESS'),
    )
    expect(requests).toBe(0)
  })

  it('refuses IPv4-mapped loopback from the resolver outside dev mode', async () => {
    const fetch = guarded({ dev: false, resolve: table({ 'lms.example': ['::ffff:127.0.0.1'] }) })
    await expect(fetch(`https://lms.example:${port}/`)).rejects.toEqual(
      code('LTI_URL_FORBIDDEN_ADDRESS'),
    )
    expect(requests).toBe(0)
  })

  it('refuses a host that resolves to nothing', async () => {
    const fetch = guarded({ dev: true, resolve: table({}) })
    await expect(fetch(`http://lms.localhost:${port}/`)).rejects.toEqual(
      code('LTI_URL_FORBIDDEN_ADDRESS'),
    )
  })

  it('passes resolver failures through as they are', async () => {
    const failing: Resolve = () =>
      Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }))
    const error = await guarded({ dev: true, resolve: failing })(
      `http://x.localhost:${port}/`,
    ).catch((e: unknown) => e)
    expect(error).not.toBeInstanceOf(LtiError)
    expect(error).toBeInstanceOf(Error)
  })

  it('returns a redirect instead of following it', async () => {
    handler = (_req, res) => void res.writeHead(302, { location: '/elsewhere' }).end()
    const fetch = guarded({ dev: true })
    const response = await fetch(`http://127.0.0.1:${port}/jwks`, { redirect: 'follow' })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/elsewhere')
    expect(requests).toBe(1)
  })

  it('times out', async () => {
    handler = () => undefined
    const fetch = guarded({ dev: true, timeoutMs: 100 })
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ name: 'TimeoutError' })
  })

  it("honours the caller's signal", async () => {
    handler = () => undefined
    const controller = new AbortController()
    const pending = guarded({ dev: true })(`http://127.0.0.1:${port}/`, {
      signal: controller.signal,
    })
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('sends method, headers and body', async () => {
    handler = (req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString()))
      req.on('end', () => res.end(`${req.method} ${req.headers['content-type']} ${body}`))
    }
    const response = await guarded({ dev: true })(`http://127.0.0.1:${port}/score`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.ims.lis.v1.score+json' },
      body: '{"scoreGiven":1}',
    })
    expect(await response.text()).toBe(
      'POST application/vnd.ims.lis.v1.score+json {"scoreGiven":1}',
    )
  })
})
