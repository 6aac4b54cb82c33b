/**
 * The platform half of Deep Linking's first step: the LtiDeepLinkingRequest id_token that opens
 * the tool's content picker. It shares every user claim with a resource link launch
 * (`buildMessageClaims`) but names no resource link and carries the deep linking settings.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-request-message
 */
import { CLAIM, MESSAGE_TYPE } from '../claims.js'
import { buildMessageClaims, invalidArg } from '../launch/build-message-claims.js'
import type { MessageClaimsInput } from '../launch/build-message-claims.js'
import type { DeepLinkingSettingsClaim, IdTokenPayload } from '../launch/claim-types.js'
import { cleanList, cleanString, compactClaim } from '../launch/compact-claim.js'
import { signMessage } from '../launch/issue-launch.js'
import type { IssueLaunchOptions } from '../launch/issue-launch.js'
import type { DeepLinkingSettings } from './read-deep-linking-settings.js'

export interface IssueDeepLinkingRequestInput extends Omit<MessageClaimsInput, 'resourceLink'> {
  /** What the platform takes back; `data` travels to the tool and must come back unchanged. */
  settings: DeepLinkingSettings
}

/**
 * Builds the claims of an LtiDeepLinkingRequest, without `iat`/`exp`.
 * @throws TypeError (`ERR_INVALID_ARG_TYPE`) when a required value is empty.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-request-message
 */
export function buildDeepLinkingRequestClaims(input: IssueDeepLinkingRequestInput): IdTokenPayload {
  // DL 2.0 §4.4: no resource link claim; the link does not exist until the response creates it.
  const { settings, ...common } = input
  const payload = buildMessageClaims(common, MESSAGE_TYPE.deepLinkingRequest)
  payload[CLAIM.deepLinkingSettings] = deepLinkingSettingsClaim(settings)
  return payload
}

/**
 * Signs an LtiDeepLinkingRequest as a compact RS256 JWS with `kid` and `typ: JWT` headers.
 * @throws TypeError (`ERR_INVALID_ARG_TYPE`) for an empty required value or a bad lifetime.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-request-message
 */
export async function issueDeepLinkingRequest(
  input: IssueDeepLinkingRequestInput,
  options: IssueLaunchOptions,
): Promise<string> {
  return signMessage(buildDeepLinkingRequestClaims(input), options)
}

/** DL 2.0 §4.4.1: the wire form of the settings, the inverse of `readDeepLinkingSettings`. */
export function deepLinkingSettingsClaim(settings: DeepLinkingSettings): DeepLinkingSettingsClaim {
  const returnUrl = cleanString(settings.deepLinkReturnUrl)
  if (returnUrl === undefined) throw invalidArg('settings.deepLinkReturnUrl')
  const acceptTypes = cleanList(settings.acceptTypes)
  const targets = cleanList(settings.acceptPresentationDocumentTargets)
  // DL 2.0 §4.4.1: both lists are required and say what the tool may answer with.
  if (acceptTypes.length === 0) throw invalidArg('settings.acceptTypes', 'must not be empty')
  if (targets.length === 0) {
    throw invalidArg('settings.acceptPresentationDocumentTargets', 'must not be empty')
  }
  const claim = compactClaim<DeepLinkingSettingsClaim>({
    deep_link_return_url: returnUrl,
    accept_types: acceptTypes,
    accept_presentation_document_targets: targets,
    accept_media_types: cleanString(settings.acceptMediaTypes),
    accept_multiple: settings.acceptMultiple,
    accept_lineitem: settings.acceptLineItem,
    auto_create: settings.autoCreate,
    title: cleanString(settings.title),
    text: cleanString(settings.text),
    data: undefined,
  })
  // Not trimmed: data is opaque and must round-trip byte for byte.
  if (settings.data !== undefined) claim.data = settings.data
  return claim
}
