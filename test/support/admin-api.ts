/**
 * A JSON client for a server's admin API (`/api/*`, `Authorization: Bearer <ADMIN_TOKEN>`), as
 * the tool and platform test harnesses and the flow tests drive it.
 */

export interface ApiResponse {
  status: number
  headers: Headers
  body: any
}

export interface ApiRequestInit {
  method?: string
  /** Sent as JSON (a string as is). */
  body?: unknown
  /** Another bearer token, or `null` for none; default: the admin token. */
  token?: string | null
}

/** Calls `/api<path>` on `baseUrl`; JSON in, parsed JSON out. */
export type AdminApi = (path: string, init?: ApiRequestInit) => Promise<ApiResponse>

/** An admin API client for the server at `baseUrl` (no trailing slash) with `adminToken`. */
export function createAdminApi(baseUrl: string, adminToken: string): AdminApi {
  return async (path, init = {}) => {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (init.token !== null) headers.authorization = `Bearer ${init.token ?? adminToken}`
    let body: string | undefined
    if (init.body !== undefined) {
      headers['content-type'] = 'application/json'
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body)
    }
    const response = await fetch(`${baseUrl}/api${path}`, {
      method: init.method ?? 'GET',
      headers,
      body,
    })
    const text = await response.text()
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : undefined,
    }
  }
}
