/**
 * The wire shapes of Names and Role Provisioning Services 2.0.
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0/
 */

/** NRPS 2.0 §2.2: a member's status in the context; absent means Active. */
export const MEMBER_STATUS = ['Active', 'Inactive', 'Deleted'] as const
export type MemberStatus = (typeof MEMBER_STATUS)[number]

/** NRPS 2.0 §2.2: one entry of `members`. Personal fields only as the platform's privacy allows. */
export interface Membership {
  user_id: string
  roles: string[]
  status?: MemberStatus
  name?: string
  given_name?: string
  family_name?: string
  middle_name?: string
  email?: string
  picture?: string
  lis_person_sourcedid?: string
  lti11_legacy_user_id?: string
  /** NRPS 2.0 §3.3: present when the request named a resource link (`rlid`). */
  message?: Record<string, unknown>[]
}

/** NRPS 2.0 §2.2: `application/vnd.ims.lti-nrps.v2.membershipcontainer+json`. */
export interface MembershipContainer {
  id: string
  context: { id: string; label?: string; title?: string }
  members: Membership[]
}
