/**
 * The tool half of Deep Linking: the signed LtiDeepLinkingResponse the tool's page posts (form
 * field `JWT`) to the platform's `deep_link_return_url`.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message
 */
import { SignJWT } from 'jose'
import type { JWTPayload } from 'jose'
import { CLAIM, LTI_VERSION, MESSAGE_TYPE } from '../claims.js'
import { LtiError } from '../errors.js'
import { cleanString } from '../launch/compact-claim.js'
import { randomString } from '../lib/random.js'
import type { Clock } from '../ports.js'
import type { SigningKey } from '../security/key-set.js'
import type { ContentItem } from './content-item.js'
import { parseContentItem } from './parse-content-item.js'
import type { DeepLinkingSettings } from './read-deep-linking-settings.js'
import { RESPONSE_MESSAGE_CLAIMS } from './response-messages.js'
import type { DeepLinkingResponseMessages } from './response-messages.js'

export interface DeepLinkingResponseInput extends DeepLinkingResponseMessages {
  /** The tool's client ID at the platform: the response's `iss`. */
  issuer: string
  /** The platform's issuer: the response's `aud`. */
  audience: string
  deploymentId: string
  /** The settings of the request being answered (see `readDeepLinkingSettings`). */
  settings: DeepLinkingSettings
  /** May be empty: an empty response tells the platform the user picked nothing. */
  contentItems: readonly ContentItem[]
}

export interface DeepLinkingResponseOptions {
  signingKey: SigningKey
  clock: Clock
  /** Seconds from `iat` to `exp`; default 600, at most 3600. */
  ttlSeconds?: number
}

/** DL 2.0 §3: presentation properties, each named after the document target it needs. */
const PRESENTATION = ['iframe', 'window', 'embed'] as const

/**
 * Signs an LtiDeepLinkingResponse (RS256, `kid` header) for the request whose settings are given:
 * `iss` is the client ID, `aud` the platform, `nonce` fresh, and `data` echoed verbatim.
 * @throws TypeError (`ERR_INVALID_ARG_TYPE`) for an empty identifier or a bad lifetime, and for
 *   content the request did not accept: a type outside `accept_types`, several items without
 *   `accept_multiple`, a `lineItem` with `accept_lineitem: false`, a presentation property
 *   (`iframe`, `window`, `embed`) outside `accept_presentation_document_targets`, or an item
 *   DL 2.0 §3 does not allow (the TypeError's `cause` is the LTI_CONTENT_ITEM_INVALID error).
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message
 */
export async function buildDeepLinkingResponse(
  input: DeepLinkingResponseInput,
  { signingKey, clock, ttlSeconds = 600 }: DeepLinkingResponseOptions,
): Promise<string> {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 3600) {
    throw invalidArg('"ttlSeconds" must be a whole number of seconds from 1 to 3600')
  }
  const { settings } = input
  const items = checkItems(input.contentItems, settings)
  const iat = Math.floor(clock.now() / 1000)
  const payload: Record<string, unknown> = {
    // DL 2.0 §4.5: the tool is the issuer, identified by its client ID; the platform the audience.
    iss: required('issuer', input.issuer),
    aud: required('audience', input.audience),
    iat,
    exp: iat + ttlSeconds,
    nonce: randomString(),
    [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingResponse,
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: required('deploymentId', input.deploymentId),
    [CLAIM.contentItems]: items,
  }
  // DL 2.0 §4.5: data goes back exactly as the platform sent it, when it sent one.
  if (settings.data !== undefined) payload[CLAIM.deepLinkingData] = settings.data
  for (const [field, claim] of RESPONSE_MESSAGE_CLAIMS) {
    const value = cleanString(input[field])
    if (value !== undefined) payload[claim] = value
  }
  return new SignJWT(payload as JWTPayload)
    .setProtectedHeader({ alg: signingKey.alg, kid: signingKey.kid, typ: 'JWT' })
    .sign(signingKey.privateKey)
}

function checkItems(items: readonly ContentItem[], settings: DeepLinkingSettings): ContentItem[] {
  if (!Array.isArray(items)) throw invalidArg('"contentItems" must be an array')
  // DL 2.0 §4.4.1 accept_multiple: without it the platform takes one item.
  if (items.length > 1 && settings.acceptMultiple !== true) {
    throw invalidArg('"contentItems" has several items but the platform accepts one')
  }
  return items.map((item, index) => {
    let parsed: ContentItem
    try {
      // Plain http is the platform's call to refuse; the tool cannot know the platform's mode.
      parsed = parseContentItem(item, index, { dev: true })
    } catch (error) {
      if (error instanceof LtiError) throw invalidArg(error.message, error)
      throw error
    }
    if (!settings.acceptTypes.includes(parsed.type)) {
      throw invalidArg(`content item ${index}: "type" ${parsed.type} is not in accept_types`)
    }
    // DL 2.0 §4.4.1 accept_lineitem: false means the platform ignores line items; say so early.
    if (parsed.type === 'ltiResourceLink' && parsed.lineItem && settings.acceptLineItem === false) {
      throw invalidArg(`content item ${index}: "lineItem" is not accepted by the platform`)
    }
    for (const target of PRESENTATION) {
      const present = (parsed as unknown as Record<string, unknown>)[target] !== undefined
      if (present && !settings.acceptPresentationDocumentTargets.includes(target)) {
        throw invalidArg(`content item ${index}: "${target}" is not an accepted document target`)
      }
    }
    return parsed
  })
}

function required(name: string, value: string): string {
  const v = cleanString(value)
  if (v === undefined) throw invalidArg(`"${name}" must be a non-empty string`)
  return v
}

function invalidArg(message: string, cause?: unknown): TypeError {
  return Object.assign(new TypeError(message, cause ? { cause } : undefined), {
    code: 'ERR_INVALID_ARG_TYPE',
  })
}
