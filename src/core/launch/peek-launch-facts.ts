import { decodeJwt } from 'jose'
import { CLAIM } from '../claims.js'
import type { IdTokenPayload } from './claim-types.js'
import { MAX_ID_TOKEN_LENGTH } from './decode-id-token.js'

/** Who a launch claimed to come from, read without trusting the token: for the log only. */
export interface LaunchFacts {
  issuer?: string
  clientId?: string
  deploymentId?: string
  messageType?: string
  payload?: IdTokenPayload
}

/** Never throws: a failed launch is logged with whatever could be read. */
export function peekLaunchFacts(idToken: string | undefined): LaunchFacts {
  if (!idToken || idToken.length > MAX_ID_TOKEN_LENGTH) return {}
  let payload: IdTokenPayload
  try {
    payload = decodeJwt(idToken) as IdTokenPayload
  } catch {
    return {}
  }
  const facts: LaunchFacts = { payload }
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 255) : undefined)
  const aud = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud
  const entries = {
    issuer: text(payload.iss),
    clientId: text(payload.azp) ?? text(aud),
    deploymentId: text(payload[CLAIM.deploymentId]),
    messageType: text(payload[CLAIM.messageType]),
  }
  for (const [key, value] of Object.entries(entries)) {
    if (value !== undefined) (facts as Record<string, unknown>)[key] = value
  }
  return facts
}
