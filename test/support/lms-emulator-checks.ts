/**
 * What the emulator checks in the tool's answer to a login initiation, and how it reads cookies.
 *
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-2-authentication-request
 */

/**
 * Security Framework §5.1.1.2: what the tool's authentication request must carry.
 * @returns One message per problem; empty when the request is well formed.
 */
export function checkAuthRequest(
  auth: URLSearchParams,
  login: URLSearchParams,
  clientId: string,
): string[] {
  const problems: string[] = []
  const expect = (name: string, value: string | null): void => {
    if (auth.get(name) !== value)
      problems.push(`"${name}" is ${show(auth.get(name))}, expected ${show(value)}`)
  }
  expect('scope', 'openid')
  expect('response_type', 'id_token')
  expect('response_mode', 'form_post')
  expect('prompt', 'none')
  expect('client_id', clientId)
  expect('login_hint', login.get('login_hint'))
  if (login.has('lti_message_hint')) expect('lti_message_hint', login.get('lti_message_hint'))
  for (const name of ['state', 'nonce']) if (!auth.get(name)) problems.push(`"${name}" is missing`)
  const redirectUri = auth.get('redirect_uri')
  if (!redirectUri || !URL.canParse(redirectUri)) problems.push('"redirect_uri" is not a URL')
  return problems
}

/** Name-value pairs of Set-Cookie headers; attributes are dropped. */
export function parseSetCookie(setCookies: readonly string[]): Record<string, string> {
  const cookies: Record<string, string> = {}
  for (const line of setCookies) {
    const pair = line.split(';', 1)[0] ?? ''
    const eq = pair.indexOf('=')
    if (eq > 0) cookies[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim()
  }
  return cookies
}

/** Appends parameters to a URL that may already carry a query string. */
export function withQuery(url: string, params: URLSearchParams): string {
  const target = new URL(url)
  for (const [name, value] of params) target.searchParams.append(name, value)
  return target.toString()
}

const show = (value: string | null): string => (value === null ? 'absent' : JSON.stringify(value))
