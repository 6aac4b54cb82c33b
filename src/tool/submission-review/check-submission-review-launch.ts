/**
 * What the tool needs of an LtiSubmissionReviewRequest beyond the core checks: a reviewer who
 * teaches, the resource link, and the `for_user` claim naming whose work to open.
 * @see https://www.imsglobal.org/spec/lti-sr/v1p0/
 */
import { CLAIM } from '../../core/claims.js'
import { LtiForbidden, LtiTokenInvalid } from '../../core/errors.js'
import type { LaunchMessage } from '../../core/launch/launch-message.js'
import { hasTeachingRole } from '../deep-linking/teaching-roles.js'

/** The learner whose submission the platform asks the tool to show. */
export interface ReviewRequest {
  /** `for_user.user_id`: the learner's `sub` on this platform. */
  readonly forUserId: string
  /** `for_user.name` (or given and family names) when the platform sent them. */
  readonly forUserName?: string
  /** The resource link the learner's work belongs to (Core 1.3 §5.3.5). */
  readonly resourceLinkId: string
}

const MAX_ID = 255

/**
 * @throws LTI_SUB_MISSING, LTI_SUBMISSION_REVIEW_FORBIDDEN (no teaching role),
 *   LTI_RESOURCE_LINK_ID_MISSING, LTI_CLAIM_MISSING / LTI_CLAIM_INVALID (`for_user`)
 */
export function checkSubmissionReviewLaunch(message: LaunchMessage): ReviewRequest {
  if (message.user.sub === '') {
    throw new LtiTokenInvalid('LTI_SUB_MISSING', '"sub" claim missing: a review needs a user', {
      cause: { claim: 'sub' },
    })
  }
  if (!hasTeachingRole(message.roles)) {
    throw new LtiForbidden(
      'LTI_SUBMISSION_REVIEW_FORBIDDEN',
      'submission review request from a user without a teaching role',
      { cause: { roles: message.roles.slice(0, 10) } },
    )
  }
  const link = message.resourceLink
  if (!link || typeof link.id !== 'string' || link.id === '') {
    throw new LtiTokenInvalid(
      'LTI_RESOURCE_LINK_ID_MISSING',
      `"${CLAIM.resourceLink}.id" missing`,
      {
        cause: { claim: `${CLAIM.resourceLink}.id` },
      },
    )
  }
  const forUser = message.payload[CLAIM.forUser]
  if (forUser === undefined) {
    throw new LtiTokenInvalid('LTI_CLAIM_MISSING', `"${CLAIM.forUser}" claim missing`, {
      cause: { claim: CLAIM.forUser },
    })
  }
  const {
    user_id: userId,
    name,
    given_name: given,
    family_name: family,
  } = typeof forUser === 'object' && forUser !== null ? (forUser as Record<string, unknown>) : {}
  if (typeof userId !== 'string' || userId === '' || userId.length > MAX_ID) {
    throw new LtiTokenInvalid('LTI_CLAIM_INVALID', `"${CLAIM.forUser}.user_id" must be an ID`, {
      cause: { claim: `${CLAIM.forUser}.user_id` },
    })
  }
  const fullName =
    typeof name === 'string' && name.trim() !== ''
      ? name.trim()
      : [given, family].filter((part) => typeof part === 'string' && part !== '').join(' ')
  return {
    forUserId: userId,
    ...(fullName ? { forUserName: fullName.slice(0, 200) } : {}),
    resourceLinkId: link.id,
  }
}
