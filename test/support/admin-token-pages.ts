/**
 * The tool's admin pages as the server admin sees them in a browser, for flow tests: signs in
 * with the admin token (the sealed cookie), then GETs pages and posts forms as the same origin,
 * never following redirects, so tests see each 303. Also small readers of the HTML answered.
 */
import { TOOL_ADMIN_SESSION_COOKIE } from '../../src/web/tool-admin-session.js'
import { ADMIN_TOKEN } from './tool-harness.js'

const FORM = 'application/x-www-form-urlencoded'

export interface AdminTokenPages {
  /** Signs in (once) and returns the session cookie. */
  signIn(): Promise<string>
  /** A page, signed in unless `signedOut`. */
  get(path: string, options?: { signedOut?: boolean }): Promise<Response>
  /** A form post from one of our pages, signed in unless `signedOut`. */
  post(
    path: string,
    fields?: Record<string, string>,
    options?: { signedOut?: boolean; headers?: Record<string, string> },
  ): Promise<Response>
}

export function adminTokenPages(base: string): AdminTokenPages {
  let cookie: string | undefined
  const signIn = async () => {
    if (cookie) return cookie
    const res = await fetch(`${base}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': FORM, origin: base },
      body: new URLSearchParams({ token: ADMIN_TOKEN }).toString(),
      redirect: 'manual',
    })
    const set = res.headers
      .getSetCookie()
      .find((v) => v.startsWith(`${TOOL_ADMIN_SESSION_COOKIE}=`))
    if (res.status !== 303 || !set) throw new Error(`admin sign-in: ${res.status}`)
    cookie = set.split(';')[0] as string
    return cookie
  }
  const session = async (signedOut?: boolean): Promise<Record<string, string>> =>
    signedOut ? {} : { cookie: await signIn() }
  return {
    signIn,
    async get(path, options = {}) {
      return fetch(`${base}${path}`, {
        headers: await session(options.signedOut),
        redirect: 'manual',
      })
    },
    async post(path, fields = {}, options = {}) {
      return fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          'content-type': FORM,
          origin: base,
          ...(await session(options.signedOut)),
          ...options.headers,
        },
        body: new URLSearchParams(fields).toString(),
        redirect: 'manual',
      })
    },
  }
}

/** The text of an HTML fragment: tags dropped, the entities our JSX escapes decoded. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
}

/**
 * The elements (opening tag to the first `</tag>` after it) that carry `data-testid="<id>"`;
 * pass `tag` for elements that may contain their own kind.
 */
export function byTestId(html: string, id: string, tag = '[a-z]+'): string[] {
  const found: string[] = []
  const open = new RegExp(`<(${tag})\\b[^>]*data-testid="${id}"[^>]*>`, 'g')
  for (const match of html.matchAll(open)) {
    const name = match[1] as string
    const end = html.indexOf(`</${name}>`, match.index)
    found.push(html.slice(match.index, end === -1 ? undefined : end + name.length + 3))
  }
  return found
}
