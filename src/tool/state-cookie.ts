/**
 * The login state cookie. Each login gets its own cookie name, so two launches running at once
 * in one browser (two tabs, two iframes) do not overwrite each other's state.
 */

const PREFIX = 'lti_state_'
/** How many characters of the state name its cookie; enough to keep names distinct. */
const NAME_CHARS = 16

/** Named after the end of the state: a sealed state begins with the same JOSE header every time. */
export function stateCookieName(state: string): string {
  return PREFIX + state.slice(-NAME_CHARS).replace(/[^A-Za-z0-9_-]/g, '_')
}

/**
 * `SameSite=None; Secure` so the cookie comes back on the LMS's cross-site form POST, and
 * `Partitioned` (CHIPS) so browsers that block third-party cookies still keep it in an iframe.
 */
export function serializeStateCookie(state: string, maxAgeSeconds: number, path: string): string {
  return [
    `${stateCookieName(state)}=${state}`,
    `Max-Age=${maxAgeSeconds}`,
    `Path=${path}`,
    'HttpOnly',
    'Secure',
    'SameSite=None',
    'Partitioned',
  ].join('; ')
}

/** Expires the cookie once the launch has used it. */
export function clearStateCookie(state: string, path: string): string {
  return `${stateCookieName(state)}=; Max-Age=0; Path=${path}; HttpOnly; Secure; SameSite=None; Partitioned`
}

/**
 * The state cookie the browser presents with a launch: this state's own cookie when sent, else
 * another login's state cookie (the browser started a different login, so the check reports a
 * mismatch), else undefined (the browser kept no state cookie at all).
 */
export function readStateCookie(
  cookieHeader: string | null | undefined,
  state: string,
): string | undefined {
  if (!cookieHeader) return undefined
  const name = stateCookieName(state)
  let other: string | undefined
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    const cookieName = part.slice(0, eq).trim()
    if (cookieName === name) return part.slice(eq + 1).trim()
    if (cookieName.startsWith(PREFIX)) other ??= part.slice(eq + 1).trim()
  }
  return other
}
