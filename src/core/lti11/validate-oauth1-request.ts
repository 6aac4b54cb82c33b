import { LtiRequestInvalid, LtiTokenInvalid } from '../errors.js'
import type { NonceStore } from '../ports.js'
import { timingSafeEqual } from './bytes.js'
import { oauth1Signature } from './oauth1-signature.js'
import { oauthBodyHash } from './oauth-body-hash.js'
import { signatureBaseString } from './signature-base-string.js'

export interface ValidateOAuth1RequestInput {
  readonly method: string
  /** The absolute URL the request was sent to, as the sender saw it (scheme, host and port). */
  readonly url: string
  /** Form body parameters plus the Authorization header's (`parseOAuth1AuthorizationHeader`). */
  readonly params: ReadonlyArray<readonly [string, string]>
  /** The raw body of a non-form request: `oauth_body_hash` must then be present and match. */
  readonly body?: Uint8Array
  findConsumerSecret(consumerKey: string): Promise<string | undefined>
  /** Keys are scoped `lti11:<consumer key>:<nonce>`, apart from LTI 1.3 nonces. */
  readonly nonces: NonceStore
  /** Milliseconds since the epoch. */
  readonly now: number
  /** How far `oauth_timestamp` may be from `now`, either way. Default 300 seconds. */
  readonly timestampLeewaySeconds?: number
}

export interface ValidatedOAuth1Request {
  readonly consumerKey: string
  /** Every parameter (URL query, then `params`) by name; the first value wins. */
  readonly params: Map<string, string>
}

const REQUIRED = [
  'oauth_consumer_key',
  'oauth_signature_method',
  'oauth_timestamp',
  'oauth_nonce',
  'oauth_signature',
] as const
const MAX_PARAMETERS = 1000
const MAX_OAUTH_VALUE = 255
const TIMESTAMP = /^[0-9]{1,12}$/
const DEFAULT_LEEWAY_SECONDS = 300

/**
 * Validates an OAuth 1.0a HMAC-SHA1 signed request the way an LTI 1.1 tool provider checks a
 * launch and a tool consumer checks a Basic Outcomes call. The checks run from cheap to costly;
 * the nonce is consumed only once the signature (and body hash) verified, so a forged request
 * cannot burn a genuine sender's nonce.
 *
 * @throws LtiRequestInvalid `LTI11_OAUTH_PARAMETER_MISSING`, `LTI11_OAUTH_PARAMETER_INVALID`,
 *   `LTI11_SIGNATURE_METHOD_UNSUPPORTED`
 * @throws LtiTokenInvalid `LTI11_TIMESTAMP_STALE`, `LTI11_CONSUMER_UNKNOWN`,
 *   `LTI11_SIGNATURE_INVALID`, `LTI11_BODY_HASH_INVALID`, `LTI11_NONCE_REPLAYED`
 * @throws TypeError (`ERR_INVALID_ARG_TYPE`) when `url` is not an absolute http(s) URL
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.2
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export async function validateOAuth1Request(
  input: ValidateOAuth1RequestInput,
): Promise<ValidatedOAuth1Request> {
  const all: Array<readonly [string, string]> = [...queryParameters(input.url), ...input.params]
  if (all.length > MAX_PARAMETERS) {
    throw new LtiRequestInvalid('LTI11_OAUTH_PARAMETER_INVALID', 'too many request parameters')
  }
  const oauth = protocolParameters(all)
  for (const name of REQUIRED) {
    if (!oauth.has(name)) {
      throw new LtiRequestInvalid('LTI11_OAUTH_PARAMETER_MISSING', `missing "${name}"`, {
        cause: { parameter: name },
      })
    }
  }
  const get = (name: string): string => oauth.get(name) ?? ''
  // RFC 5849 §3.1: oauth_version is optional and, when present, "1.0".
  if (oauth.has('oauth_version') && get('oauth_version') !== '1.0') {
    throw invalidParameter('oauth_version')
  }
  // RFC 5849 §3.4: LTI 1.1 uses HMAC-SHA1 only; PLAINTEXT would send the secret.
  if (get('oauth_signature_method') !== 'HMAC-SHA1') {
    throw new LtiRequestInvalid(
      'LTI11_SIGNATURE_METHOD_UNSUPPORTED',
      'unsupported "oauth_signature_method"',
      { cause: { parameter: 'oauth_signature_method', expected: 'HMAC-SHA1' } },
    )
  }
  const consumerKey = get('oauth_consumer_key')
  const nonce = get('oauth_nonce')
  for (const name of ['oauth_consumer_key', 'oauth_nonce'] as const) {
    if (get(name) === '') throw invalidParameter(name)
  }
  if (!TIMESTAMP.test(get('oauth_timestamp'))) throw invalidParameter('oauth_timestamp')

  // RFC 5849 §3.3: a timestamp outside the window is refused, in the past or the future.
  const timestamp = Number(get('oauth_timestamp'))
  const leeway = input.timestampLeewaySeconds ?? DEFAULT_LEEWAY_SECONDS
  const nowSeconds = Math.floor(input.now / 1000)
  if (Math.abs(nowSeconds - timestamp) > leeway) {
    throw new LtiTokenInvalid('LTI11_TIMESTAMP_STALE', '"oauth_timestamp" is outside the window', {
      cause: { parameter: 'oauth_timestamp', actual: timestamp, now: nowSeconds, leeway },
    })
  }

  const secret = await input.findConsumerSecret(consumerKey)
  if (secret === undefined) {
    throw new LtiTokenInvalid('LTI11_CONSUMER_UNKNOWN', 'unknown "oauth_consumer_key"', {
      cause: { parameter: 'oauth_consumer_key', actual: consumerKey },
    })
  }

  // RFC 5849 §3.4.2: recompute the signature; compare without leaking the matching prefix.
  const expected = await oauth1Signature(
    signatureBaseString(input.method, input.url, input.params),
    secret,
  )
  if (!timingSafeEqual(expected, get('oauth_signature'))) {
    throw new LtiTokenInvalid('LTI11_SIGNATURE_INVALID', '"oauth_signature" does not verify', {
      cause: { parameter: 'oauth_signature', consumerKey },
    })
  }

  // OAuth Request Body Hash §3.2 (LTI 1.1 §6.1.1): the signature covers the hash, the hash
  // covers the XML body.
  if (input.body !== undefined) {
    if (!oauth.has('oauth_body_hash')) {
      throw new LtiRequestInvalid('LTI11_OAUTH_PARAMETER_MISSING', 'missing "oauth_body_hash"', {
        cause: { parameter: 'oauth_body_hash' },
      })
    }
    if (!timingSafeEqual(await oauthBodyHash(input.body), get('oauth_body_hash'))) {
      throw new LtiTokenInvalid('LTI11_BODY_HASH_INVALID', '"oauth_body_hash" does not match', {
        cause: { parameter: 'oauth_body_hash', consumerKey },
      })
    }
  }

  // RFC 5849 §3.3: a nonce is single-use for its timestamp window; keep it until no request
  // carrying it could pass the timestamp check any more.
  const keepUntil = (timestamp + leeway + 1) * 1000
  if (!(await input.nonces.consumeNonce(`lti11:${consumerKey}:${nonce}`, keepUntil))) {
    throw new LtiTokenInvalid('LTI11_NONCE_REPLAYED', '"oauth_nonce" was already used', {
      cause: { parameter: 'oauth_nonce', consumerKey },
    })
  }

  const params = new Map<string, string>()
  for (const [name, value] of all) if (!params.has(name)) params.set(name, value)
  return { consumerKey, params }
}

/**
 * The `oauth_*` parameters wherever they were sent. RFC 5849 §3.1: each appears at most once;
 * every value is bounded (a signature is 28 characters, a nonce rarely over 64).
 */
function protocolParameters(all: ReadonlyArray<readonly [string, string]>): Map<string, string> {
  const oauth = new Map<string, string>()
  for (const [name, value] of all) {
    if (!name.startsWith('oauth_')) continue
    if (oauth.has(name)) throw invalidParameter(name)
    if (value.length > MAX_OAUTH_VALUE) throw invalidParameter(name)
    oauth.set(name, value)
  }
  return oauth
}

function queryParameters(url: string): URLSearchParams {
  try {
    return new URL(url).searchParams
  } catch {
    throw Object.assign(new TypeError('"url" must be an absolute URL'), {
      code: 'ERR_INVALID_ARG_TYPE',
    })
  }
}

function invalidParameter(name: string): LtiRequestInvalid {
  return new LtiRequestInvalid('LTI11_OAUTH_PARAMETER_INVALID', `invalid "${name}"`, {
    cause: { parameter: name },
  })
}
