/**
 * A submission review opens in a page of its own after the launch (a reload must not re-post the
 * id_token), so what the review launch established travels to that page in a sealed token:
 * which learner's work, on which platform and resource link, for which reviewer.
 */
import { LtiTokenInvalid } from '../../core/errors.js'
import type { Clock, MacKey } from '../../core/ports.js'
import { openToken, sealToken } from '../../core/security/sealed-token.js'

export interface ReviewSession {
  readonly workspaceId: string
  readonly registrationId: string
  readonly resourceLinkId: string
  /** `for_user.user_id`: the learner's `sub`. */
  readonly forUserId: string
  readonly forUserName?: string
  /** The scenario the reviewed link opens, when the launch named one. */
  readonly scenarioId?: string
  /** The instructor's member ID. */
  readonly reviewerId: string
}

const PURPOSE = 'ltikit.submission-review.v1'
export const REVIEW_TTL_MS = 2 * 60 * 60_000

export function sealReviewToken(
  session: ReviewSession,
  key: MacKey,
  clock: Clock,
  ttlMs = REVIEW_TTL_MS,
): Promise<string> {
  return sealToken(PURPOSE, { ...session, expiresAt: clock.now() + ttlMs }, key)
}

/** @throws LTI_SESSION_INVALID for an altered, expired or foreign token. */
export async function openReviewToken(
  token: string,
  workspaceId: string,
  key: MacKey,
  clock: Clock,
): Promise<ReviewSession> {
  const payload = (await openToken(PURPOSE, token, key)) as
    (Partial<ReviewSession> & { expiresAt?: unknown }) | undefined
  if (
    !payload ||
    payload.workspaceId !== workspaceId ||
    typeof payload.expiresAt !== 'number' ||
    payload.expiresAt <= clock.now() ||
    typeof payload.registrationId !== 'string' ||
    typeof payload.resourceLinkId !== 'string' ||
    typeof payload.forUserId !== 'string' ||
    typeof payload.reviewerId !== 'string'
  ) {
    throw new LtiTokenInvalid('LTI_SESSION_INVALID', 'review token invalid or expired')
  }
  const { expiresAt: _, ...session } = payload
  return session as ReviewSession
}
