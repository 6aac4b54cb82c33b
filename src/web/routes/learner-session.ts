/** How the learner's session moves between pages: a token in the URL, a cookie where allowed. */

export const SESSION_COOKIE = 'ltikit_session'
export const SESSION_TTL_SECONDS = 2 * 60 * 60

export function playPath(
  workspaceId: string,
  scenarioId: string | undefined,
  token: string,
): string {
  const path = `/play/${encodeURIComponent(workspaceId)}${scenarioId ? `/${encodeURIComponent(scenarioId)}` : ''}`
  return `${path}?session=${encodeURIComponent(token)}`
}

/** Partitioned so it survives in an LMS iframe where the browser keeps partitioned cookies. */
export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${token}; Max-Age=${SESSION_TTL_SECONDS}; Path=/play; HttpOnly; Secure; SameSite=None; Partitioned`
}

/** A form action of the player (`start`, `reply`), carrying the session as `playPath` does. */
export function playActionPath(
  workspaceId: string,
  scenarioId: string,
  action: 'start' | 'reply',
  token: string,
): string {
  return `/play/${encodeURIComponent(workspaceId)}/${encodeURIComponent(scenarioId)}/${action}?session=${encodeURIComponent(token)}`
}
