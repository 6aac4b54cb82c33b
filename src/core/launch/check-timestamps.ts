import { LtiTokenInvalid } from '../errors.js'
import type { IdTokenPayload } from './claim-types.js'

/**
 * Security Framework §5.1.3 steps 7-8: `exp` must be in the future and `iat` not in it,
 * each within a small leeway for clock skew between LMS and tool.
 * @throws LTI_CLAIM_MISSING, LTI_CLAIM_INVALID, LTI_TOKEN_EXPIRED, LTI_TOKEN_ISSUED_IN_FUTURE
 * @see https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation
 */
export function checkTimestamps(
  payload: IdTokenPayload,
  nowMs: number,
  leewaySeconds: number,
): void {
  const now = Math.floor(nowMs / 1000)
  for (const claim of ['exp', 'iat'] as const) {
    const value = payload[claim]
    if (value === undefined) {
      throw new LtiTokenInvalid('LTI_CLAIM_MISSING', `missing "${claim}" claim`, {
        cause: { claim },
      })
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new LtiTokenInvalid('LTI_CLAIM_INVALID', `"${claim}" claim must be a NumericDate`, {
        cause: { claim },
      })
    }
  }
  const exp = payload.exp as number
  const iat = payload.iat as number
  if (exp + leewaySeconds <= now) {
    throw new LtiTokenInvalid('LTI_TOKEN_EXPIRED', '"exp" claim timestamp check failed', {
      cause: { claim: 'exp', actual: exp, now },
    })
  }
  if (iat - leewaySeconds > now) {
    throw new LtiTokenInvalid('LTI_TOKEN_ISSUED_IN_FUTURE', '"iat" claim timestamp check failed', {
      cause: { claim: 'iat', actual: iat, now },
    })
  }
  if (exp < iat) {
    throw new LtiTokenInvalid('LTI_CLAIM_INVALID', '"exp" claim is before "iat"', {
      cause: { claim: 'exp', actual: exp, iat },
    })
  }
}
