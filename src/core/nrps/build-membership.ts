/**
 * One `members` entry of a membership container, with personal data only where the platform's
 * privacy settings for the tool allow it (NRPS 2.0 §2.2, Core 1.3 §5.3.6).
 */
import type { Membership, MemberStatus } from './types.js'

/** What the platform knows of a member; personal fields are left out unless allowed. */
export interface MemberFacts {
  readonly userId: string
  /** Full role URIs. */
  readonly roles: readonly string[]
  readonly status: MemberStatus
  readonly name?: string
  readonly givenName?: string
  readonly familyName?: string
  readonly email?: string
}

/** Which personal data the tool may see (the same settings that shape its launches). */
export interface MemberPrivacy {
  readonly sendName: boolean
  readonly sendEmail: boolean
}

/**
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0/#membership-container-media-type
 */
export function buildMembership(facts: MemberFacts, privacy: MemberPrivacy): Membership {
  const member: Membership = {
    status: facts.status,
    user_id: facts.userId,
    roles: [...facts.roles],
  }
  if (privacy.sendName) {
    if (facts.name !== undefined) member.name = facts.name
    if (facts.givenName !== undefined) member.given_name = facts.givenName
    if (facts.familyName !== undefined) member.family_name = facts.familyName
  }
  if (privacy.sendEmail && facts.email !== undefined) member.email = facts.email
  return member
}
