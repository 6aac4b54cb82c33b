import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'

/** Hono's `fetch` with the bindings that carry Node's request (read by `readBodyText`). */
export type FetchHandler = (request: Request, env: object) => Response | Promise<Response>

export interface Listener {
  /** The port bound (the one asked for, or the kernel's choice for port 0). */
  readonly port: number
  /** Starts answering with `handle`; until then every request gets 503. */
  serveWith(handle: FetchHandler): void
  close(): Promise<void>
}

/**
 * Binds the HTTP port before the app exists, so a server on port 0 knows its URL (and so its
 * issuer and LTI endpoints) before the app is built from it. `hostname` is the interface to
 * listen on: every IPv4 interface by default, `127.0.0.1` for loopback only (the demo).
 */
export async function listenFirst(port: number, hostname = '0.0.0.0'): Promise<Listener> {
  let handle: FetchHandler = () => new Response(null, { status: 503 })
  const server = serve({ fetch: (request, env) => handle(request, env), port, hostname })
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  return {
    port: (server.address() as AddressInfo).port,
    serveWith: (next) => {
      handle = next
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
