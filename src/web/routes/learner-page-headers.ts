/**
 * Response headers of the learner's pages. They are made to open inside the LMS that launched
 * them, so `frame-ancestors` lists that LMS's origins (its issuer and its authentication request
 * URL, where its pages are served) besides our own; any other site is refused, which is the
 * clickjacking protection admin pages get from `frame-ancestors 'none'`. No script runs at all;
 * styles are the tool's style sheet and the player's inline rules, allowed by their hash.
 * @see https://www.w3.org/TR/CSP3/#directive-frame-ancestors
 */
import type { Context } from 'hono'
import type { LearnerSession } from '../../tool/session-token.js'
import type { AppEnv } from '../env.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { PLAYER_STYLE_SOURCE } from '../views/player-layout.js'

/**
 * Dev mode: LMSes on this machine, at any port (the demo, local test platforms). CSP's host
 * grammar has no IPv6 literals (CSP3 §2.3.1), so `[::1]` cannot be listed.
 */
const DEV_FRAME_ANCESTORS = ['http://localhost:*', 'http://127.0.0.1:*']

/** The origins allowed to frame the learner's pages of `session`, besides our own. */
export async function frameAncestorsOf(
  deps: Pick<ToolAppDeps, 'stores' | 'dev'>,
  session: LearnerSession,
): Promise<string[]> {
  const registrationId =
    session.registrationId ??
    (session.attemptId
      ? (await deps.stores.attempts.find(session.workspaceId, session.attemptId))?.registrationId
      : undefined)
  const registration = registrationId
    ? await deps.stores.registrations.findById(session.workspaceId, registrationId)
    : undefined
  const origins = new Set<string>(deps.dev ? DEV_FRAME_ANCESTORS : [])
  for (const url of registration
    ? [registration.issuer, registration.authenticationRequestUrl]
    : []) {
    const origin = httpOrigin(url)
    if (origin) origins.add(origin)
  }
  return [...origins]
}

export function learnerPageHeaders(c: Context<AppEnv>, frameAncestors: readonly string[]): void {
  c.header(
    'content-security-policy',
    [
      "default-src 'none'",
      `style-src 'self' ${PLAYER_STYLE_SOURCE}`,
      "img-src 'self' data:",
      "form-action 'self'",
      "base-uri 'none'",
      `frame-ancestors ${["'self'", ...frameAncestors].join(' ')}`,
    ].join('; '),
  )
  c.header('cache-control', 'no-store')
  c.header('referrer-policy', 'no-referrer')
}

/** `https://lms.example.edu` of an http(s) URL; nothing for anything else (an issuer need not be a URL to us). */
function httpOrigin(url: string): string | undefined {
  try {
    const { protocol, origin } = new URL(url)
    return protocol === 'https:' || protocol === 'http:' ? origin : undefined
  } catch {
    return undefined
  }
}
