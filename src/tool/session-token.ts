/**
 * The learner's session after a launch. Inside an LMS iframe the browser may refuse every
 * cookie of ours, so the session travels as a short-lived signed token in the URL of the pages
 * that follow (and in a cookie where the browser keeps one).
 */
import { SignJWT, jwtVerify } from 'jose'
import { LtiTokenInvalid } from '../core/errors.js'
import type { Clock } from '../core/ports.js'

export interface LearnerSession {
  memberId: string
  workspaceId: string
  scenarioId?: string
  correlationId: string
}

/** Imports the HMAC key once: importing per token would cost more than signing. */
export function importSessionSecret(secret: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ])
}

const ISSUER = 'ltikit:tool'
const AUDIENCE = 'ltikit:learner-session'

/** Signs a session with the server's own HMAC secret (never a key of a platform). */
export async function issueSessionToken(
  session: LearnerSession,
  secret: CryptoKey,
  clock: Clock,
  ttlSeconds: number,
): Promise<string> {
  const now = Math.floor(clock.now() / 1000)
  return new SignJWT({
    ws: session.workspaceId,
    ...(session.scenarioId ? { sc: session.scenarioId } : {}),
    cid: session.correlationId,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(session.memberId)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(secret)
}

/** @throws LTI_SESSION_INVALID */
export async function verifySessionToken(
  token: string,
  secret: CryptoKey,
  clock: Clock,
): Promise<LearnerSession> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: new Date(clock.now()),
      requiredClaims: ['sub', 'exp', 'ws'],
    })
    return {
      memberId: payload.sub as string,
      workspaceId: String(payload.ws),
      ...(typeof payload.sc === 'string' ? { scenarioId: payload.sc } : {}),
      correlationId: String(payload.cid ?? ''),
    }
  } catch {
    throw new LtiTokenInvalid('LTI_SESSION_INVALID', 'learner session token invalid or expired')
  }
}
