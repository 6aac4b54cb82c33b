import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { createAppShell } from './app-shell.js'

describe('createAppShell body limits', () => {
  const app = createAppShell(
    { logger: pino({ level: 'silent' }), ping: async () => undefined },
    { '/forms/*': 10, '/forms/:id/upload/*': 100 },
    (routes) => {
      routes.post('/forms/*', (c) => c.text('ok'))
      routes.post('/other', (c) => c.text('ok'))
    },
  )
  const post = (path: string, bytes: number) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-length': String(bytes), 'content-type': 'text/plain' },
      body: 'x'.repeat(bytes),
    })

  it('refuses a declared body over the limit of its path', async () => {
    expect((await post('/forms/a', 10)).status).toBe(200)
    expect((await post('/forms/a', 11)).status).toBe(413)
  })

  it('gives a more specific path listed later its own limit', async () => {
    expect((await post('/forms/a/upload/x', 100)).status).toBe(200)
    expect((await post('/forms/a/upload', 100)).status).toBe(200)
    expect((await post('/forms/a/upload/x', 101)).status).toBe(413)
  })

  it('leaves paths without a limit alone', async () => {
    expect((await post('/other', 1000)).status).toBe(200)
  })
})
