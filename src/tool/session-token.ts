/**
 * The learner's session after a launch. Inside an LMS iframe the browser may refuse every
 * cookie of ours, so the session travels as a short-lived sealed token in the URL of the pages
 * that follow (and in a cookie where the browser keeps one).
 */
import { LtiTokenInvalid } from '../core/errors.js'
import type { Clock, MacKey } from '../core/ports.js'
import { openToken, sealToken } from '../core/security/sealed-token.js'

export interface LearnerSession {
  memberId: string
  workspaceId: string
  scenarioId?: string
  /** The attempt the launch opened in `scenarioId`: finishing a play there records its result. */
  attemptId?: string
  /** The LMS connection that launched: its origins may frame the learner's pages. */
  registrationId?: string
  correlationId: string
}

const PURPOSE = 'ltikit.learner-session.v1'

/** Seals a session with the server's own MAC key (never a key of a platform). */
export function issueSessionToken(
  session: LearnerSession,
  key: MacKey,
  clock: Clock,
  ttlSeconds: number,
): Promise<string> {
  return sealToken(
    PURPOSE,
    {
      sub: session.memberId,
      ws: session.workspaceId,
      ...(session.scenarioId ? { sc: session.scenarioId } : {}),
      ...(session.attemptId ? { at: session.attemptId } : {}),
      ...(session.registrationId ? { reg: session.registrationId } : {}),
      cid: session.correlationId,
      exp: clock.now() + ttlSeconds * 1000,
    },
    key,
  )
}

/** @throws LTI_SESSION_INVALID */
export async function verifySessionToken(
  token: string,
  key: MacKey,
  clock: Clock,
): Promise<LearnerSession> {
  const payload = await openToken(PURPOSE, token, key)
  const { sub, ws, sc, at, reg, cid, exp } = payload ?? {}
  if (
    typeof sub !== 'string' ||
    typeof ws !== 'string' ||
    typeof exp !== 'number' ||
    exp <= clock.now()
  ) {
    throw new LtiTokenInvalid('LTI_SESSION_INVALID', 'learner session token invalid or expired')
  }
  return {
    memberId: sub,
    workspaceId: ws,
    ...(typeof sc === 'string' ? { scenarioId: sc } : {}),
    ...(typeof at === 'string' ? { attemptId: at } : {}),
    ...(typeof reg === 'string' ? { registrationId: reg } : {}),
    correlationId: typeof cid === 'string' ? cid : '',
  }
}
