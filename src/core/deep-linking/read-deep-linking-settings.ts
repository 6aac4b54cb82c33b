/**
 * The tool's reading of the `deep_linking_settings` claim: what the platform accepts back, and
 * where the answer goes. Parsed once into a camelCase domain object.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-settings
 */
import { CLAIM, MESSAGE_TYPE } from '../claims.js'
import { LtiRequestInvalid, LtiTokenInvalid } from '../errors.js'
import type { LtiErrorCode } from '../errors.js'
import type { IdTokenPayload } from '../launch/claim-types.js'

/** DL 2.0 §4.4.1, camelCase. Optional flags stay `undefined` when the platform left them out. */
export interface DeepLinkingSettings {
  /** Where the tool posts its LtiDeepLinkingResponse (form field `JWT`). */
  deepLinkReturnUrl: string
  /** Content item types the platform takes back (`ltiResourceLink`, `link`, ...). */
  acceptTypes: string[]
  /** How the platform may show the items (`iframe`, `window`, `embed`). */
  acceptPresentationDocumentTargets: string[]
  /** Comma-separated media types for `file` items. */
  acceptMediaTypes?: string
  /** Absent means one item only: DL 2.0 gives no default, and one item is what every platform takes. */
  acceptMultiple?: boolean
  /** `false`: line items are ignored; absent: unknown (DL 2.0 §4.4.1). */
  acceptLineItem?: boolean
  autoCreate?: boolean
  title?: string
  text?: string
  /** Opaque; the response must echo it verbatim. */
  data?: string
}

const MAX_URL = 2048
const MAX_LIST = 20
const MAX_TOKEN = 100
const MAX_TEXT = 4096
const MAX_DATA = 16 * 1024

/**
 * Parses and checks the deep linking settings of a validated LtiDeepLinkingRequest.
 * @param claims The verified id_token payload (`LaunchMessage.payload`).
 * @throws LTI_MESSAGE_TYPE_UNSUPPORTED for another message type; LTI_CLAIM_MISSING when the
 *   claim or a required member is absent; LTI_CLAIM_INVALID when a member has the wrong form.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-settings
 */
export function readDeepLinkingSettings(claims: IdTokenPayload): DeepLinkingSettings {
  const messageType = claims[CLAIM.messageType]
  if (messageType !== undefined && messageType !== MESSAGE_TYPE.deepLinkingRequest) {
    throw new LtiRequestInvalid(
      'LTI_MESSAGE_TYPE_UNSUPPORTED',
      'deep linking settings are read from an LtiDeepLinkingRequest only',
      { cause: { claim: CLAIM.messageType, actual: String(messageType).slice(0, 100) } },
    )
  }
  const raw: unknown = claims[CLAIM.deepLinkingSettings]
  if (raw === undefined) fail('LTI_CLAIM_MISSING', '', 'missing')
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    fail('LTI_CLAIM_INVALID', '', 'must be an object')
  }
  const s = raw as Record<string, unknown>

  const settings: DeepLinkingSettings = {
    deepLinkReturnUrl: returnUrl(s.deep_link_return_url),
    acceptTypes: list(s.accept_types, 'accept_types'),
    acceptPresentationDocumentTargets: list(
      s.accept_presentation_document_targets,
      'accept_presentation_document_targets',
    ),
  }
  const mediaTypes = mediaTypesOf(s.accept_media_types)
  if (mediaTypes !== undefined) settings.acceptMediaTypes = mediaTypes
  for (const [wire, key] of [
    ['accept_multiple', 'acceptMultiple'],
    ['accept_lineitem', 'acceptLineItem'],
    ['auto_create', 'autoCreate'],
  ] as const) {
    const value = s[wire]
    if (value === undefined) continue
    if (typeof value !== 'boolean') fail('LTI_CLAIM_INVALID', `.${wire}`, 'must be a boolean')
    settings[key] = value
  }
  for (const key of ['title', 'text'] as const) {
    const value = s[key]
    if (value === undefined) continue
    if (typeof value !== 'string' || value.length > MAX_TEXT) {
      fail('LTI_CLAIM_INVALID', `.${key}`, `must be a string of at most ${MAX_TEXT} characters`)
    }
    settings[key] = value
  }
  if (s.data !== undefined) {
    // Kept byte for byte, even when empty: the platform compares what comes back.
    if (typeof s.data !== 'string' || s.data.length > MAX_DATA) {
      fail('LTI_CLAIM_INVALID', '.data', `must be a string of at most ${MAX_DATA} characters`)
    }
    settings.data = s.data
  }
  return settings
}

/** The tool renders a form posting to this URL: only http(s), never `javascript:`. */
function returnUrl(value: unknown): string {
  if (value === undefined) fail('LTI_CLAIM_MISSING', '.deep_link_return_url', 'missing')
  if (typeof value !== 'string' || value.length > MAX_URL) {
    fail('LTI_CLAIM_INVALID', '.deep_link_return_url', 'must be a URL')
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return fail('LTI_CLAIM_INVALID', '.deep_link_return_url', 'must be an absolute URL')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    fail('LTI_CLAIM_INVALID', '.deep_link_return_url', 'must be an http(s) URL')
  }
  return value
}

function list(value: unknown, member: string): string[] {
  if (value === undefined) fail('LTI_CLAIM_MISSING', `.${member}`, 'missing')
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > MAX_LIST ||
    !value.every((v) => typeof v === 'string' && v !== '' && v.length <= MAX_TOKEN)
  ) {
    fail('LTI_CLAIM_INVALID', `.${member}`, 'must be a non-empty array of strings')
  }
  return [...new Set(value as string[])]
}

/** DL 2.0 §4.4.1 has a comma-separated string; an array of strings is read the same way. */
function mediaTypesOf(value: unknown): string | undefined {
  if (value === undefined) return undefined
  const text =
    Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.join(',') : value
  if (typeof text !== 'string' || text.length > MAX_TEXT) {
    fail('LTI_CLAIM_INVALID', '.accept_media_types', 'must be a comma-separated string')
  }
  return text
}

function fail(code: LtiErrorCode, member: string, problem: string): never {
  const claim = `${CLAIM.deepLinkingSettings}${member}`
  throw new LtiTokenInvalid(code, `"${claim}" claim ${problem}`, { cause: { claim } })
}
