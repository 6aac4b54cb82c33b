import { describe, expect, it } from 'vitest'
import { CLAIM } from '../../core/claims.js'
import { buildLti1p1Claim } from '../../core/lti11/lti1p1-claim.js'
import { lti11Issuer } from './lti11-issuer.js'
import { matchMigratedMember } from './match-migrated-member.js'
import type {
  Lti11MigrationPorts,
  MigrationConsumer,
  MigrationLaunch,
} from './match-migrated-member.js'

const ISSUER = 'https://lms.example.edu'
const CLIENT_ID = 'client-1'
const DEPLOYMENT_ID = 'dep-1'
const EXP = 1_790_000_600
const NONCE = 'nonce-123'
const KEY = 'moodle-key'
const SECRET = 'the-1.1-secret'
const REGISTRATION = 'reg-1'

/** An in-memory workspace: identities by `issuer sub`, consumers by key. */
function fakeWorkspace(consumers: Record<string, { registrationId?: string; secret: string }>) {
  const identities = new Map<string, string>()
  const warnings: { code: string; reason: string }[] = []
  const calls: string[] = []
  const ports: Lti11MigrationPorts = {
    async findMemberIdByIdentity(issuer, sub) {
      calls.push('findMemberIdByIdentity')
      return identities.get(`${issuer} ${sub}`)
    },
    async findConsumer(key) {
      calls.push('findConsumer')
      const consumer = consumers[key]
      if (!consumer) return undefined
      const found: MigrationConsumer = {
        ...(consumer.registrationId ? { registrationId: consumer.registrationId } : {}),
        openSecret: async () => consumer.secret,
      }
      return found
    },
    async linkIdentity(memberId, issuer, sub) {
      calls.push('linkIdentity')
      const key = `${issuer} ${sub}`
      if (identities.has(key)) return false
      identities.set(key, memberId)
      return true
    },
    onClaimInvalid: (facts) => warnings.push(facts),
  }
  return { ports, identities, warnings, calls }
}

async function launchWith(
  claim: Record<string, unknown> | undefined,
  overrides: Partial<MigrationLaunch> = {},
): Promise<MigrationLaunch> {
  const payload: Record<string, unknown> = {
    iss: ISSUER,
    aud: CLIENT_ID,
    sub: 'sub-13',
    exp: EXP,
    nonce: NONCE,
    [CLAIM.deploymentId]: DEPLOYMENT_ID,
    ...(claim ? { [CLAIM.lti1p1]: claim } : {}),
  }
  return { payload, registrationId: REGISTRATION, issuer: ISSUER, sub: 'sub-13', ...overrides }
}

const signedClaim = (overrides: { secret?: string; userId?: string | null; key?: string } = {}) =>
  buildLti1p1Claim({
    oauthConsumerKey: overrides.key ?? KEY,
    deploymentId: DEPLOYMENT_ID,
    issuer: ISSUER,
    clientId: CLIENT_ID,
    exp: EXP,
    nonce: NONCE,
    secret: overrides.secret ?? SECRET,
    ...(overrides.userId === null ? {} : { userId: overrides.userId ?? 'u-11' }),
  })

describe('matchMigratedMember', () => {
  it('links the 1.3 identity to the member known under the verified 1.1 user_id', async () => {
    const ws = fakeWorkspace({ [KEY]: { registrationId: REGISTRATION, secret: SECRET } })
    ws.identities.set(`${lti11Issuer(KEY)} u-11`, 'member-m')

    const match = await matchMigratedMember(await launchWith(await signedClaim()), ws.ports)

    expect(match).toEqual({ outcome: 'linked', memberId: 'member-m', oauthConsumerKey: KEY })
    expect(ws.identities.get(`${ISSUER} sub-13`)).toBe('member-m')
    expect(ws.warnings).toEqual([])
  })

  it('takes `sub` as the 1.1 user_id when the claim carries none (it differs only then)', async () => {
    const ws = fakeWorkspace({ [KEY]: { secret: SECRET } })
    ws.identities.set(`${lti11Issuer(KEY)} sub-13`, 'member-m')
    const match = await matchMigratedMember(
      await launchWith(await signedClaim({ userId: null })),
      ws.ports,
    )
    expect(match).toMatchObject({ outcome: 'linked', memberId: 'member-m' })
  })

  it('matches through an unlinked consumer (the signature is the proof)', async () => {
    const ws = fakeWorkspace({ [KEY]: { secret: SECRET } })
    ws.identities.set(`${lti11Issuer(KEY)} u-11`, 'member-m')
    const match = await matchMigratedMember(await launchWith(await signedClaim()), ws.ports)
    expect(match).toMatchObject({ outcome: 'linked', memberId: 'member-m' })
  })

  it('ignores and logs a claim signed with another secret: nothing is linked', async () => {
    const ws = fakeWorkspace({ [KEY]: { registrationId: REGISTRATION, secret: SECRET } })
    ws.identities.set(`${lti11Issuer(KEY)} u-11`, 'member-m')

    const match = await matchMigratedMember(
      await launchWith(await signedClaim({ secret: 'not-the-secret' })),
      ws.ports,
    )

    expect(match).toMatchObject({ outcome: 'invalid' })
    expect(ws.warnings).toEqual([
      { code: 'LTI11_MIGRATION_CLAIM_INVALID', reason: expect.any(String) },
    ])
    expect(ws.identities.has(`${ISSUER} sub-13`)).toBe(false)
    expect(ws.calls).not.toContain('linkIdentity')
  })

  it('ignores and logs a malformed claim', async () => {
    const ws = fakeWorkspace({ [KEY]: { secret: SECRET } })
    const match = await matchMigratedMember(await launchWith({ user_id: 'u-11' }), ws.ports)
    expect(match).toMatchObject({ outcome: 'invalid' })
    expect(ws.warnings).toHaveLength(1)
  })

  it('does nothing without the claim, not even a lookup', async () => {
    const ws = fakeWorkspace({ [KEY]: { secret: SECRET } })
    expect(await matchMigratedMember(await launchWith(undefined), ws.ports)).toEqual({
      outcome: 'absent',
    })
    expect(ws.calls).toEqual([])
  })

  it('ignores a consumer linked to another registration, without a warning', async () => {
    const ws = fakeWorkspace({ [KEY]: { registrationId: 'reg-other', secret: SECRET } })
    ws.identities.set(`${lti11Issuer(KEY)} u-11`, 'member-m')
    const match = await matchMigratedMember(await launchWith(await signedClaim()), ws.ports)
    expect(match).toEqual({ outcome: 'other-registration' })
    expect(ws.identities.has(`${ISSUER} sub-13`)).toBe(false)
    expect(ws.warnings).toEqual([])
  })

  it('ignores a consumer key the workspace does not hold', async () => {
    const ws = fakeWorkspace({})
    const match = await matchMigratedMember(await launchWith(await signedClaim()), ws.ports)
    expect(match).toEqual({ outcome: 'consumer-unknown' })
  })

  it('does not look further once the 1.3 identity is known', async () => {
    const ws = fakeWorkspace({ [KEY]: { secret: SECRET } })
    ws.identities.set(`${ISSUER} sub-13`, 'member-n')
    ws.identities.set(`${lti11Issuer(KEY)} u-11`, 'member-m')
    const match = await matchMigratedMember(await launchWith(await signedClaim()), ws.ports)
    expect(match).toEqual({ outcome: 'known' })
    expect(ws.calls).toEqual(['findMemberIdByIdentity'])
    expect(ws.identities.get(`${ISSUER} sub-13`)).toBe('member-n')
  })

  it('reports no member when nobody launched under the 1.1 user_id', async () => {
    const ws = fakeWorkspace({ [KEY]: { secret: SECRET } })
    const match = await matchMigratedMember(await launchWith(await signedClaim()), ws.ports)
    expect(match).toEqual({ outcome: 'no-member', oauthConsumerKey: KEY })
    expect(ws.calls).not.toContain('linkIdentity')
  })

  it('of two concurrent first launches, one links and the other finds the link', async () => {
    const ws = fakeWorkspace({ [KEY]: { secret: SECRET } })
    ws.identities.set(`${lti11Issuer(KEY)} u-11`, 'member-m')
    const launch = await launchWith(await signedClaim())
    const matches = await Promise.all([
      matchMigratedMember(launch, ws.ports),
      matchMigratedMember(launch, ws.ports),
    ])
    expect(matches.map((m) => m.outcome).sort()).toEqual(['known', 'linked'])
    expect(ws.identities.get(`${ISSUER} sub-13`)).toBe('member-m')
  })
})
