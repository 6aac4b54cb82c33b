/**
 * What the tool needs of an LtiDeepLinkingRequest beyond the core checks, before anyone is
 * provisioned: an identified user who teaches, and settings that accept what the tool returns.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-request-message
 */
import { LtiForbidden, LtiRequestInvalid, LtiTokenInvalid } from '../../core/errors.js'
import { readDeepLinkingSettings } from '../../core/deep-linking/read-deep-linking-settings.js'
import type { DeepLinkingSettings } from '../../core/deep-linking/read-deep-linking-settings.js'
import type { LaunchMessage } from '../../core/launch/launch-message.js'
import { hasTeachingRole } from './teaching-roles.js'

/** The only content item type the tool returns: a link that launches a scenario. */
export const PICKER_ITEM_TYPE = 'ltiResourceLink'

/**
 * The request's settings, once the launch may open the scenario picker.
 * @throws LTI_SUB_MISSING (an anonymous request), LTI_DEEP_LINKING_PICKER_FORBIDDEN (a user
 *   without a teaching role), LTI_CLAIM_MISSING / LTI_CLAIM_INVALID (settings), or
 *   LTI_DEEP_LINKING_TYPES_UNSUPPORTED when `accept_types` lacks `ltiResourceLink`.
 */
export function checkDeepLinkingLaunch(message: LaunchMessage): DeepLinkingSettings {
  if (message.user.sub === '') {
    throw new LtiTokenInvalid('LTI_SUB_MISSING', '"sub" claim missing: the picker needs a user', {
      cause: { claim: 'sub' },
    })
  }
  if (!hasTeachingRole(message.roles)) {
    throw new LtiForbidden(
      'LTI_DEEP_LINKING_PICKER_FORBIDDEN',
      'deep linking request from a user without a teaching role',
      { cause: { roles: message.roles.slice(0, 10) } },
    )
  }
  const settings = readDeepLinkingSettings(message.payload)
  if (!settings.acceptTypes.includes(PICKER_ITEM_TYPE)) {
    throw new LtiRequestInvalid(
      'LTI_DEEP_LINKING_TYPES_UNSUPPORTED',
      '"accept_types" does not include "ltiResourceLink"',
      { cause: { acceptTypes: settings.acceptTypes } },
    )
  }
  return settings
}
