/**
 * The LTI-specific claim checks of a launch, after the signature and before any state is used.
 * Each failure has its own code, matching the certification list of known bad payloads.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#required-message-claims
 */
import { CLAIM, LTI_VERSION, MESSAGE_TYPE } from '../claims.js'
import type { MessageType } from '../claims.js'
import { LtiRequestInvalid, LtiTokenInvalid } from '../errors.js'
import type { LtiErrorCode } from '../errors.js'
import type { IdTokenPayload } from './claim-types.js'

/** Core 1.3 §5.3.2, §5.3.3: identifiers are at most 255 ASCII characters. */
const MAX_ID = 255
const MAX_ROLES = 100
const MAX_URI = 2048

export interface LtiClaimChecks {
  supportedMessageTypes: readonly MessageType[]
}

/**
 * @throws LTI_VERSION_MISSING, LTI_VERSION_UNSUPPORTED, LTI_MESSAGE_TYPE_MISSING,
 *   LTI_MESSAGE_TYPE_UNSUPPORTED, LTI_DEPLOYMENT_ID_MISSING, LTI_RESOURCE_LINK_ID_MISSING,
 *   LTI_SUB_MISSING, LTI_ROLES_MISSING, LTI_CLAIM_MISSING, LTI_CLAIM_INVALID
 */
export function checkLtiClaims(payload: IdTokenPayload, checks: LtiClaimChecks): MessageType {
  // Core 1.3 §5.3.2: the version claim.
  const version = payload[CLAIM.version]
  if (version === undefined) fail('LTI_VERSION_MISSING', CLAIM.version, 'missing')
  if (version !== LTI_VERSION) {
    fail('LTI_VERSION_UNSUPPORTED', CLAIM.version, `must be "${LTI_VERSION}"`)
  }

  // Core 1.3 §5.3.1: the message type claim.
  const messageType = payload[CLAIM.messageType]
  if (messageType === undefined || messageType === '') {
    fail('LTI_MESSAGE_TYPE_MISSING', CLAIM.messageType, 'missing')
  }
  if (!(checks.supportedMessageTypes as readonly unknown[]).includes(messageType)) {
    throw new LtiRequestInvalid(
      'LTI_MESSAGE_TYPE_UNSUPPORTED',
      `unsupported "${CLAIM.messageType}" claim value`,
      { cause: { claim: CLAIM.messageType, actual: String(messageType).slice(0, 100) } },
    )
  }

  // Core 1.3 §5.3.3: the deployment the launch belongs to.
  const deploymentId = payload[CLAIM.deploymentId]
  if (typeof deploymentId !== 'string' || deploymentId === '') {
    fail('LTI_DEPLOYMENT_ID_MISSING', CLAIM.deploymentId, 'missing')
  }
  boundedString(CLAIM.deploymentId, deploymentId, MAX_ID)

  if (messageType === MESSAGE_TYPE.resourceLink) {
    // Core 1.3 §5.3.5: a resource link launch names its link.
    const link = payload[CLAIM.resourceLink]
    if (!isObject(link) || typeof link.id !== 'string' || link.id === '') {
      fail('LTI_RESOURCE_LINK_ID_MISSING', `${CLAIM.resourceLink}.id`, 'missing')
    }
    boundedString(`${CLAIM.resourceLink}.id`, link.id, MAX_ID)
    // Core 1.3 §5.3.6: anonymous launches omit sub; a resource link launch must identify the user.
    if (typeof payload.sub !== 'string' || payload.sub.trim() === '') {
      fail('LTI_SUB_MISSING', 'sub', 'missing or empty')
    }
  }
  if (messageType === MESSAGE_TYPE.deepLinkingRequest) {
    // DL 2.0 §4.4: no resource link, but the settings are required (read by
    // `readDeepLinkingSettings`, which checks their members).
    const settings = payload[CLAIM.deepLinkingSettings]
    if (settings === undefined) fail('LTI_CLAIM_MISSING', CLAIM.deepLinkingSettings, 'missing')
    if (!isObject(settings)) fail('LTI_CLAIM_INVALID', CLAIM.deepLinkingSettings, 'not an object')
  }
  if (payload.sub !== undefined) boundedString('sub', payload.sub, MAX_ID)

  // Core 1.3 §5.3.7: roles is required; an empty array is valid (certification "no role").
  const roles = payload[CLAIM.roles]
  if (roles === undefined) fail('LTI_ROLES_MISSING', CLAIM.roles, 'missing')
  if (
    !Array.isArray(roles) ||
    roles.length > MAX_ROLES ||
    !roles.every((r) => typeof r === 'string' && r.length <= MAX_URI)
  ) {
    fail('LTI_CLAIM_INVALID', CLAIM.roles, 'must be an array of role URIs')
  }

  // Core 1.3 §5.3.4: where the platform sends the user.
  const target = payload[CLAIM.targetLinkUri]
  if (target === undefined) fail('LTI_CLAIM_MISSING', CLAIM.targetLinkUri, 'missing')
  boundedString(CLAIM.targetLinkUri, target, MAX_URI)

  checkOptionalShapes(payload)
  return messageType as MessageType
}

/** Optional claims, when present, must have the shape the spec gives them. */
function checkOptionalShapes(payload: IdTokenPayload): void {
  const context = payload[CLAIM.context]
  if (context !== undefined) {
    if (!isObject(context)) fail('LTI_CLAIM_INVALID', CLAIM.context, 'must be an object')
    // Core 1.3 §5.4.1: id is required when the context claim is present.
    if (typeof context.id !== 'string' || context.id === '') {
      fail('LTI_CLAIM_MISSING', `${CLAIM.context}.id`, 'missing')
    }
    boundedString(`${CLAIM.context}.id`, context.id, MAX_ID)
  }
  const custom = payload[CLAIM.custom]
  if (custom !== undefined) {
    if (!isObject(custom) || Object.keys(custom).length > 200) {
      fail('LTI_CLAIM_INVALID', CLAIM.custom, 'must be an object of at most 200 entries')
    }
  }
  for (const claim of [CLAIM.toolPlatform, CLAIM.launchPresentation, CLAIM.lis] as const) {
    if (payload[claim] !== undefined && !isObject(payload[claim])) {
      fail('LTI_CLAIM_INVALID', claim, 'must be an object')
    }
  }
}

function boundedString(claim: string, value: unknown, max: number): asserts value is string {
  if (typeof value !== 'string' || value.length > max) {
    fail('LTI_CLAIM_INVALID', claim, `must be a string of at most ${max} characters`)
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function fail(code: LtiErrorCode, claim: string, problem: string): never {
  throw new LtiTokenInvalid(code, `"${claim}" claim ${problem}`, { cause: { claim } })
}
