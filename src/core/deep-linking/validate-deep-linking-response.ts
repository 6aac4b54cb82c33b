/**
 * The platform half of Deep Linking's last step: checks the LtiDeepLinkingResponse a tool posts
 * to the return URL, in an order that never trusts a claim before its signature and spends the
 * nonce only on a response that passed every other check.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message
 */
import { compactVerify, errors as joseErrors } from 'jose'
import { CLAIM, LTI_VERSION, MESSAGE_TYPE } from '../claims.js'
import { LtiRequestInvalid, LtiTokenInvalid } from '../errors.js'
import type { LtiErrorCode } from '../errors.js'
import { checkTimestamps } from '../launch/check-timestamps.js'
import type { IdTokenPayload } from '../launch/claim-types.js'
import { decodeIdToken } from '../launch/decode-id-token.js'
import type { KeyResolver } from '../launch/validate-launch.js'
import type { Clock, NonceStore } from '../ports.js'
import { CONTENT_ITEM_TYPES } from './content-item.js'
import type { ContentItem } from './content-item.js'
import { parseContentItem } from './parse-content-item.js'
import { RESPONSE_MESSAGE_CLAIMS } from './response-messages.js'
import type { DeepLinkingResponseMessages } from './response-messages.js'

/** The tool as the platform registered it: who may answer, and with which keys. */
export interface DeepLinkingToolRecord {
  readonly clientId: string
  readonly deploymentIds: readonly string[]
  readonly jwksUrl: string
}

export interface ValidateDeepLinkingResponseDeps<T extends DeepLinkingToolRecord> {
  /** The platform's issuer: the response's `aud`. */
  platformIssuer: string
  /** The registered tool with this client ID (the response's `iss`). */
  findTool(clientId: string): Promise<T | undefined>
  /** Tools' key sets; `getKey` is called with the tool's `jwksUrl`. */
  keys: KeyResolver
  /** Nonces are recorded as `dl:<client_id>:<nonce>`. */
  nonces: NonceStore
  clock: Clock
  /** Leeway for `exp`/`iat`, in seconds. */
  clockSkewSeconds: number
  /**
   * True when `data` is what the request sent (compare it, or open a sealed value). Called with
   * `undefined` when the response has no data claim.
   */
  checkData(data: string | undefined, tool: T): boolean | Promise<boolean>
  /** Dev mode: content URLs may be plain http. */
  dev: boolean
  /** The types the request accepted; default every type of DL 2.0 §3. */
  acceptTypes?: readonly string[]
  /** Most items one response may carry; default 50. */
  maxContentItems?: number
}

export interface ValidatedDeepLinkingResponse<
  T extends DeepLinkingToolRecord,
> extends DeepLinkingResponseMessages {
  tool: T
  deploymentId: string
  data?: string
  /** Checked items, in the order the tool sent them; empty when the user picked nothing. */
  contentItems: ContentItem[]
  /** The checks that passed, in order, for the log. */
  trail: string[]
}

const MAX_MESSAGE = 4096
const MAX_NONCE = 255

/**
 * Validates a deep linking response end to end.
 * @throws LTI_JWT_MALFORMED, LTI_JWT_ALG_UNSUPPORTED, LTI_JWT_KID_MISSING, LTI_JWT_KID_UNKNOWN,
 *   LTI_JWT_SIGNATURE_INVALID, LTI_JWKS_FETCH_FAILED, LTI_CLAIM_MISSING, LTI_CLAIM_INVALID,
 *   LTI_TOKEN_EXPIRED, LTI_TOKEN_ISSUED_IN_FUTURE, LTI_VERSION_MISSING, LTI_VERSION_UNSUPPORTED,
 *   LTI_DEEP_LINKING_RESPONSE_INVALID (iss, aud, azp, message_type, deployment_id, data, the
 *   messages), LTI_CONTENT_ITEM_INVALID, LTI_NONCE_MISSING, LTI_NONCE_REPLAYED
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message
 */
export async function validateDeepLinkingResponse<T extends DeepLinkingToolRecord>(
  jwt: string,
  deps: ValidateDeepLinkingResponseDeps<T>,
): Promise<ValidatedDeepLinkingResponse<T>> {
  const trail: string[] = []
  const { header, payload } = decodeIdToken(jwt)
  trail.push(`compact JWS, alg ${header.alg}, kid present`)

  // DL 2.0 §4.5: the tool signs as itself, its client ID the issuer.
  const iss = payload.iss
  if (typeof iss !== 'string' || iss === '') invalid('iss', 'missing')
  const tool = await deps.findTool(iss)
  if (!tool) invalid('iss', 'names no registered tool')
  trail.push('iss is a registered tool')

  const key = await deps.keys.getKey(tool.jwksUrl, { kid: header.kid, alg: header.alg })
  try {
    await compactVerify(jwt, key, { algorithms: [header.alg] })
  } catch (error) {
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw new LtiTokenInvalid('LTI_JWT_SIGNATURE_INVALID', 'JWT signature verification failed')
    }
    throw new LtiTokenInvalid('LTI_JWT_MALFORMED', 'JWT could not be verified')
  }
  trail.push("signature verified with the tool's key set")

  checkTimestamps(payload, deps.clock.now(), deps.clockSkewSeconds)
  trail.push('exp and iat within leeway')

  checkAudience(payload, deps.platformIssuer)
  trail.push('aud is this platform')

  if (payload[CLAIM.messageType] !== MESSAGE_TYPE.deepLinkingResponse) {
    invalid(CLAIM.messageType, `must be "${MESSAGE_TYPE.deepLinkingResponse}"`)
  }
  const version = payload[CLAIM.version]
  if (version === undefined) fail('LTI_VERSION_MISSING', CLAIM.version, 'missing')
  if (version !== LTI_VERSION) fail('LTI_VERSION_UNSUPPORTED', CLAIM.version, 'not 1.3.0')
  // Core 1.3 §3.1.3: the response speaks for the deployment the request was sent from.
  const deploymentId = payload[CLAIM.deploymentId]
  if (typeof deploymentId !== 'string' || !tool.deploymentIds.includes(deploymentId)) {
    invalid(CLAIM.deploymentId, "is not the tool's deployment")
  }
  trail.push('message type, version and deployment')

  // DL 2.0 §4.5: data must come back exactly as the platform sent it.
  const data: unknown = payload[CLAIM.deepLinkingData]
  if (data !== undefined && typeof data !== 'string') invalid(CLAIM.deepLinkingData, 'not a string')
  if (!(await deps.checkData(data, tool))) {
    invalid(CLAIM.deepLinkingData, 'is not the value the request sent')
  }
  trail.push('data echoed')

  const contentItems = checkItems(payload, deps)
  const messages = checkMessages(payload)
  trail.push(`${contentItems.length} content item(s) valid`)

  // Security Framework §5.1.3 step 9, applied to the tool's message: a response is single-use.
  const nonce = payload.nonce
  if (typeof nonce !== 'string' || nonce === '' || nonce.length > MAX_NONCE) {
    throw new LtiTokenInvalid('LTI_NONCE_MISSING', 'missing or oversized "nonce" claim')
  }
  const keepUntil = ((payload.exp as number) + deps.clockSkewSeconds) * 1000
  if (!(await deps.nonces.consumeNonce(`dl:${tool.clientId}:${nonce}`, keepUntil))) {
    throw new LtiTokenInvalid('LTI_NONCE_REPLAYED', '"nonce" claim was already used')
  }
  trail.push('nonce single-use')

  return {
    tool,
    deploymentId,
    ...(data === undefined ? {} : { data }),
    contentItems,
    ...messages,
    trail,
  }
}

/** Security Framework §5.1.3 steps 3-5, with the platform as the audience. */
function checkAudience(payload: IdTokenPayload, platformIssuer: string): void {
  const { aud, azp } = payload
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : []
  if (!audiences.includes(platformIssuer)) invalid('aud', 'does not name this platform')
  // OIDC Core §3.1.3.7 steps 4-5: with several audiences, azp must name us.
  if (audiences.length > 1 && azp === undefined) invalid('azp', 'missing with several "aud"')
  if (azp !== undefined && azp !== platformIssuer) invalid('azp', 'does not name this platform')
}

function checkItems<T extends DeepLinkingToolRecord>(
  payload: IdTokenPayload,
  deps: ValidateDeepLinkingResponseDeps<T>,
): ContentItem[] {
  const raw: unknown = payload[CLAIM.contentItems]
  // DL 2.0 §4.5: content_items may be absent or empty when nothing was picked.
  if (raw === undefined) return []
  const max = deps.maxContentItems ?? 50
  if (!Array.isArray(raw)) invalid(CLAIM.contentItems, 'must be an array')
  if (raw.length > max) invalid(CLAIM.contentItems, `has more than ${max} items`)
  const accepted = deps.acceptTypes ?? CONTENT_ITEM_TYPES
  // Every item is checked before any is used: a bad one refuses the whole response.
  return raw.map((value, index) => {
    const item = parseContentItem(value, index, { dev: deps.dev })
    if (!accepted.includes(item.type)) {
      throw new LtiRequestInvalid(
        'LTI_CONTENT_ITEM_INVALID',
        `content item ${index}: "type" was not accepted`,
        { cause: { index, field: 'type', actual: item.type } },
      )
    }
    return item
  })
}

function checkMessages(payload: IdTokenPayload) {
  const out: DeepLinkingResponseMessages = {}
  for (const [field, claim] of RESPONSE_MESSAGE_CLAIMS) {
    const value = payload[claim]
    if (value === undefined) continue
    if (typeof value !== 'string' || value.length > MAX_MESSAGE) {
      invalid(claim, `must be a string of at most ${MAX_MESSAGE} characters`)
    }
    out[field] = value
  }
  return out
}

function invalid(claim: string, problem: string): never {
  throw new LtiRequestInvalid('LTI_DEEP_LINKING_RESPONSE_INVALID', `"${claim}" claim ${problem}`, {
    cause: { claim },
  })
}

function fail(code: LtiErrorCode, claim: string, problem: string): never {
  throw new LtiTokenInvalid(code, `"${claim}" claim ${problem}`, { cause: { claim } })
}
