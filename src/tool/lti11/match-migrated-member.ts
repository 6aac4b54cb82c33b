/**
 * LTI 1.1 → 1.3 migration, tool side: the first LTI 1.3 launch of a learner the tool knew from
 * LTI 1.1 attaches the new (issuer, sub) to the member provisioned under the old `user_id`,
 * instead of provisioning a duplicate. Only an `lti1p1` claim whose `oauth_consumer_key_sign`
 * verifies with the workspace's 1.1 secret is used; any other claim is ignored and logged.
 */
import { CLAIM } from '../../core/claims.js'
import { verifyLti1p1Claim } from '../../core/lti11/lti1p1-claim.js'
import { lti11Issuer } from './lti11-issuer.js'

/** A workspace's former LTI 1.1 consumer, as the migration needs it. */
export interface MigrationConsumer {
  /** The connected LTI 1.3 LMS it migrates to; absent: any LMS of the workspace. */
  readonly registrationId?: string
  /** The shared secret in clear; opened only when a claim is to be verified. */
  openSecret(): Promise<string>
}

/** What the match reads and writes, for one workspace. */
export interface Lti11MigrationPorts {
  findMemberIdByIdentity(issuer: string, sub: string): Promise<string | undefined>
  findConsumer(consumerKey: string): Promise<MigrationConsumer | undefined>
  /** Adds (issuer, sub) to the member; `false` when the identity belongs to a member already. */
  linkIdentity(memberId: string, issuer: string, sub: string): Promise<boolean>
  /** A claim that failed verification: the server log gets a warning, the claim is ignored. */
  onClaimInvalid(facts: { code: 'LTI11_MIGRATION_CLAIM_INVALID'; reason: string }): void
}

export interface MigrationLaunch {
  /** The validated id_token payload. */
  readonly payload: Record<string, unknown>
  /** The registration the launch was validated against. */
  readonly registrationId: string
  readonly issuer: string
  readonly sub: string
}

/**
 * How the match ended; only `linked` changed anything. `known`: the launch's identity has a
 * member already (also when a concurrent launch linked or provisioned it first).
 */
export type MigrationMatch =
  | { readonly outcome: 'absent' | 'known' | 'consumer-unknown' | 'other-registration' }
  | { readonly outcome: 'invalid'; readonly reason: string }
  | { readonly outcome: 'no-member'; readonly oauthConsumerKey: string }
  | { readonly outcome: 'linked'; readonly memberId: string; readonly oauthConsumerKey: string }

/**
 * Runs before the launch provisions its member; provisioning then finds the linked member. Costs
 * nothing without an `lti1p1` claim and one lookup once the learner's 1.3 identity is known.
 *
 * A consumer linked to another registration is ignored: linking pins a consumer to the LMS that
 * holds its secret. An unlinked consumer matches launches of any LMS of the workspace, since
 * only a holder of the 1.1 secret can sign the claim.
 *
 * Race-safe: the identity's primary key decides concurrent first launches. Of two launches of one
 * learner, one links; the other's link inserts nothing and both provision the same member.
 * @see https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim
 */
export async function matchMigratedMember(
  launch: MigrationLaunch,
  ports: Lti11MigrationPorts,
): Promise<MigrationMatch> {
  const claim = launch.payload[CLAIM.lti1p1]
  if (claim === undefined) return { outcome: 'absent' }
  if (await ports.findMemberIdByIdentity(launch.issuer, launch.sub)) return { outcome: 'known' }

  const consumerKey = unverifiedConsumerKey(claim)
  const consumer = consumerKey === undefined ? undefined : await ports.findConsumer(consumerKey)
  if (consumerKey !== undefined && !consumer) return { outcome: 'consumer-unknown' }
  if (consumer?.registrationId !== undefined && consumer.registrationId !== launch.registrationId) {
    return { outcome: 'other-registration' }
  }

  const verified = await verifyLti1p1Claim({
    claims: launch.payload,
    findSecret: async (key) =>
      key === consumerKey && consumer ? consumer.openSecret() : undefined,
  })
  if (verified.status === 'absent') return { outcome: 'absent' }
  if (verified.status === 'invalid') {
    // Migration Guide: the claim is only as good as its signature; never trust it otherwise.
    ports.onClaimInvalid({ code: 'LTI11_MIGRATION_CLAIM_INVALID', reason: verified.reason })
    return { outcome: 'invalid', reason: verified.reason }
  }

  const { oauthConsumerKey } = verified
  // The claim carries `user_id` only when it differs from `sub` (Migration Guide): absent, the
  // LTI 1.1 user_id is the `sub` itself.
  const userId = verified.userId ?? launch.sub
  const memberId = await ports.findMemberIdByIdentity(lti11Issuer(oauthConsumerKey), userId)
  if (memberId === undefined) return { outcome: 'no-member', oauthConsumerKey }
  if (!(await ports.linkIdentity(memberId, launch.issuer, launch.sub))) return { outcome: 'known' }
  return { outcome: 'linked', memberId, oauthConsumerKey }
}

/** The claim's consumer key before verification: only used to look the consumer up. */
function unverifiedConsumerKey(claim: unknown): string | undefined {
  if (claim === null || typeof claim !== 'object') return undefined
  const key = (claim as Record<string, unknown>).oauth_consumer_key
  return typeof key === 'string' && key !== '' && key.length <= 255 ? key : undefined
}
