/**
 * A browser-like client of the tool's admin pages over loopback: form posts, the admin cookie,
 * no redirects followed (tests assert them), and workspace admins made through the admin API.
 */
import { TOOL_ADMIN_SESSION_COOKIE } from '../../src/web/tool-admin-session.js'
import type { AdminApi } from './admin-api.js'

const FORM = 'application/x-www-form-urlencoded'

export interface AdminPagesClient {
  get(path: string, cookie?: string): Promise<Response>
  post(
    path: string,
    fields: Record<string, string>,
    options?: { cookie?: string; headers?: Record<string, string> },
  ): Promise<Response>
  /** Signs in with email and password; the session cookie (`name=value`) and the response. */
  signIn(
    email: string,
    password: string,
    next?: string,
  ): Promise<{ res: Response; cookie: string; setCookie: string }>
  /** Creates an admin of `ws` through the admin API; its member JSON. */
  createAdmin(ws: string, admin: { email: string; name: string; password: string }): Promise<any>
}

export function adminPagesClient(base: string, api: AdminApi): AdminPagesClient {
  const client: AdminPagesClient = {
    get: (path, cookie) =>
      fetch(`${base}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' }),
    post: (path, fields, options = {}) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          'content-type': FORM,
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...options.headers,
        },
        body: new URLSearchParams(fields).toString(),
        redirect: 'manual',
      }),
    async signIn(email, password, next) {
      const res = await client.post('/admin/login', { email, password, ...(next && { next }) })
      if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`)
      const setCookie = res.headers
        .getSetCookie()
        .find((value) => value.startsWith(`${TOOL_ADMIN_SESSION_COOKIE}=`))
      if (!setCookie) throw new Error('sign-in set no admin cookie')
      return { res, setCookie, cookie: setCookie.split(';')[0] as string }
    },
    async createAdmin(ws, admin) {
      const created = await api(`/workspaces/${ws}/admins`, { method: 'POST', body: admin })
      if (created.status !== 201) {
        throw new Error(`admin: ${created.status} ${JSON.stringify(created.body)}`)
      }
      return created.body
    },
  }
  return client
}
