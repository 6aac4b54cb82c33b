import { oauth1Signature } from './oauth1-signature.js'
import { signatureBaseString } from './signature-base-string.js'

export interface SignOAuth1RequestInput {
  readonly method: string
  readonly url: string
  /** The request's own parameters (the launch form fields); none may be `oauth_signature`. */
  readonly params: ReadonlyArray<readonly [string, string]>
  readonly consumerKey: string
  readonly consumerSecret: string
  /** Unique per request; the receiver refuses a second use. */
  readonly nonce: string
  /** Seconds since the epoch. */
  readonly timestamp: number
  /** `oauthBodyHash` of the body, for requests whose body is not a form (Basic Outcomes). */
  readonly bodyHash?: string
}

/**
 * Signs a request with OAuth 1.0a HMAC-SHA1, the way LTI 1.1 signs launches and outcome calls.
 * Returns the given parameters followed by the protocol parameters and `oauth_signature`; send
 * them all as form fields (launch) or the `oauth_*` ones in the Authorization header (outcomes).
 *
 * `oauth_callback=about:blank` is included because LTI 1.1 launches carry it (the LTI 1.1
 * implementation guide lists it; a tool built on a generic OAuth library may require it).
 *
 * @throws TypeError (`ERR_INVALID_ARG_TYPE`) for an empty key or nonce, a non-integer timestamp
 *   or an invalid URL.
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.1
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export async function signOAuth1Request(
  input: SignOAuth1RequestInput,
): Promise<Array<[string, string]>> {
  if (input.consumerKey === '') throw argError('"consumerKey" must not be empty')
  if (input.nonce === '') throw argError('"nonce" must not be empty')
  if (!Number.isSafeInteger(input.timestamp) || input.timestamp < 0) {
    throw argError('"timestamp" must be a non-negative integer of seconds')
  }
  const own = input.params.map(([name, value]): [string, string] => [name, value])
  if (own.some(([name]) => name === 'oauth_signature')) {
    throw argError('"params" must not contain oauth_signature')
  }
  const present = new Set(own.map(([name]) => name))
  const protocol: Array<[string, string]> = [
    ['oauth_consumer_key', input.consumerKey],
    ['oauth_nonce', input.nonce],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', String(input.timestamp)],
    ['oauth_version', '1.0'],
  ]
  if (input.bodyHash !== undefined) protocol.push(['oauth_body_hash', input.bodyHash])
  if (!present.has('oauth_callback')) protocol.push(['oauth_callback', 'about:blank'])
  for (const [name] of protocol) {
    if (present.has(name) && name !== 'oauth_callback') {
      throw argError(`"params" must not contain ${name}; it is set from the input`)
    }
  }
  const signed = [...own, ...protocol]
  const base = signatureBaseString(input.method, input.url, signed)
  signed.push(['oauth_signature', await oauth1Signature(base, input.consumerSecret)])
  return signed
}

function argError(message: string): TypeError {
  return Object.assign(new TypeError(message), { code: 'ERR_INVALID_ARG_TYPE' })
}
