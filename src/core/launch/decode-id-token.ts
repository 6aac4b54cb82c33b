/**
 * First gate of launch validation: the token must be a compact JWS whose header we accept,
 * before any key is looked up or any claim is trusted.
 */
import { decodeJwt, decodeProtectedHeader } from 'jose'
import type { JWTHeaderParameters } from 'jose'
import { LtiTokenInvalid } from '../errors.js'
import type { IdTokenPayload } from './claim-types.js'

/** Asymmetric RSA algorithms only: `none` and every HMAC are refused (Security Framework §5.1.3). */
export const ACCEPTED_ALGS = ['RS256', 'RS384', 'RS512'] as const
export type AcceptedAlg = (typeof ACCEPTED_ALGS)[number]

/** The largest id_token we parse; real launches are a few KB. */
export const MAX_ID_TOKEN_LENGTH = 64 * 1024

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

export interface DecodedIdToken {
  header: JWTHeaderParameters & { alg: AcceptedAlg; kid: string }
  /** Unverified until the signature step passes. */
  payload: IdTokenPayload
}

/**
 * Decodes an id_token without trusting it and checks the protected header.
 * @throws LTI_JWT_MALFORMED, LTI_JWT_ALG_UNSUPPORTED, LTI_JWT_KID_MISSING
 * @see https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation
 */
export function decodeIdToken(idToken: string): DecodedIdToken {
  if (idToken.length > MAX_ID_TOKEN_LENGTH || !COMPACT_JWS.test(idToken)) {
    throw new LtiTokenInvalid('LTI_JWT_MALFORMED', '"id_token" is not a compact JWS')
  }
  let header: JWTHeaderParameters
  let payload: IdTokenPayload
  try {
    header = decodeProtectedHeader(idToken) as JWTHeaderParameters
    payload = decodeJwt(idToken) as IdTokenPayload
  } catch {
    throw new LtiTokenInvalid('LTI_JWT_MALFORMED', '"id_token" header or payload is not JSON')
  }
  // Security Framework §5.1.3 step 6: RS256 is the required algorithm; refuse alg confusion.
  if (!(ACCEPTED_ALGS as readonly string[]).includes(String(header.alg))) {
    throw new LtiTokenInvalid('LTI_JWT_ALG_UNSUPPORTED', 'unsupported "alg" header value', {
      cause: { header: 'alg', expected: ACCEPTED_ALGS.join(','), actual: String(header.alg) },
    })
  }
  // Security Framework §6.3: the platform names its key so the tool can select it.
  if (typeof header.kid !== 'string' || header.kid === '') {
    throw new LtiTokenInvalid('LTI_JWT_KID_MISSING', 'missing "kid" header parameter')
  }
  return { header: header as DecodedIdToken['header'], payload }
}
