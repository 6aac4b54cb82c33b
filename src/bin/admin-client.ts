/**
 * A JSON client for a server's admin API (`/api/*`, `Authorization: Bearer <ADMIN_TOKEN>`), as
 * automation drives it. The demo seeds both servers through it, so it exercises the same surface
 * as any other admin script.
 */
import type { Fetch } from '../core/ports.js'

export interface AdminResponse {
  status: number
  body: unknown
}

/** Calls `/api<path>` with the admin token; JSON in, parsed JSON (or `undefined`) out. */
export type AdminClient = (
  path: string,
  init?: { method?: string; body?: unknown },
) => Promise<AdminResponse>

/** `fetch` defaults to the global one; the demo passes its own, closed once it has seeded. */
export function createAdminClient(
  baseUrl: string,
  adminToken: string,
  fetch: Fetch = globalThis.fetch,
): AdminClient {
  const base = baseUrl.replace(/\/+$/, '')
  return async (path, init = {}) => {
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${adminToken}`,
    }
    if (init.body !== undefined) headers['content-type'] = 'application/json'
    const response = await fetch(`${base}/api${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    })
    const text = await response.text()
    let body: unknown = text || undefined
    try {
      body = text ? JSON.parse(text) : undefined
    } catch {
      // A proxy's or router's HTML error page: keep the text for the error message.
    }
    return { status: response.status, body }
  }
}

/** The body of an answer with one of the expected statuses. @throws Error otherwise. */
export function expectStatus(
  response: AdminResponse,
  statuses: number | readonly number[],
  what: string,
): unknown {
  const expected = typeof statuses === 'number' ? [statuses] : statuses
  if (expected.includes(response.status)) return response.body
  const body = JSON.stringify(response.body) ?? ''
  throw new Error(`${what}: HTTP ${response.status} ${body.slice(0, 500)}`)
}
