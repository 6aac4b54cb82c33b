import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS, openTestDatabase } from '../../test/support/databases.js'
import type { TestDatabase } from '../../test/support/databases.js'
import { lti11ConsumerRepository } from './lti11-consumer-repository.js'
import type { Lti11ConsumerRepository } from './lti11-consumer-repository.js'
import { memberRepository } from './member-repository.js'
import type { MemberRepository } from './member-repository.js'
import { registrationRepository } from './registration-repository.js'
import type { RegistrationRepository } from './registration-repository.js'
import { workspaceRepository } from './workspace-repository.js'

const NOW = 1_790_000_000_000
const clock = { now: () => NOW }

function created<T>(value: T | 'duplicate'): T {
  if (value === 'duplicate') throw new Error('unexpected duplicate')
  return value
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: LTI 1.1 consumers`, () => {
    let database: TestDatabase
    let consumers: Lti11ConsumerRepository
    let registrations: RegistrationRepository
    let workspaceId: string
    let otherWorkspaceId: string
    let registrationId: string

    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      consumers = lti11ConsumerRepository(database.db, clock)
      registrations = registrationRepository(database.db, clock, { cacheTtlMs: 0 })
      const workspaces = workspaceRepository(database.db, clock)
      workspaceId = created(await workspaces.create({ name: 'One', slug: 'one' })).id
      otherWorkspaceId = created(await workspaces.create({ name: 'Two', slug: 'two' })).id
      registrationId = created(
        await registrations.create(workspaceId, {
          name: 'Moodle',
          issuer: 'https://moodle.example.edu',
          clientId: 'abc',
          deploymentIds: ['1'],
          authenticationRequestUrl: 'https://moodle.example.edu/auth',
          accessTokenUrl: 'https://moodle.example.edu/token',
          jwksUrl: 'https://moodle.example.edu/jwks',
        }),
      ).id
    })
    afterAll(() => database?.close())

    it('creates, finds by key and ID, and refuses a duplicate key in the workspace', async () => {
      const consumer = created(
        await consumers.create(workspaceId, { consumerKey: 'moodle-key', encryptedSecret: 'v1.x' }),
      )
      expect(consumer).toEqual({
        id: expect.any(String),
        workspaceId,
        consumerKey: 'moodle-key',
        encryptedSecret: 'v1.x',
        createdAt: NOW,
      })
      expect(await consumers.findByKey(workspaceId, 'moodle-key')).toEqual(consumer)
      expect(await consumers.findById(workspaceId, consumer.id)).toEqual(consumer)
      expect(await consumers.findByKey(otherWorkspaceId, 'moodle-key')).toBeUndefined()
      expect(await consumers.findById(otherWorkspaceId, consumer.id)).toBeUndefined()
      expect(
        await consumers.create(workspaceId, { consumerKey: 'moodle-key', encryptedSecret: 'v1.y' }),
      ).toBe('duplicate')
      // Another workspace may hold the same key (two customers of one LMS vendor).
      created(
        await consumers.create(otherWorkspaceId, {
          consumerKey: 'moodle-key',
          encryptedSecret: 'v1.z',
        }),
      )
    })

    it('links to a registration, unlinks, and is unlinked when the registration goes', async () => {
      const consumer = created(
        await consumers.create(workspaceId, {
          consumerKey: 'linked-key',
          encryptedSecret: 'v1.s',
          registrationId,
        }),
      )
      expect(consumer.registrationId).toBe(registrationId)
      const unlinked = await consumers.setRegistration(workspaceId, consumer.id, null)
      expect(unlinked).toBeDefined()
      expect(unlinked?.registrationId).toBeUndefined()
      expect(
        (await consumers.setRegistration(workspaceId, consumer.id, registrationId))?.registrationId,
      ).toBe(registrationId)
      expect(
        await consumers.setRegistration(otherWorkspaceId, consumer.id, registrationId),
      ).toBeUndefined()

      expect(await registrations.delete(workspaceId, registrationId)).toBe(true)
      const after = await consumers.findById(workspaceId, consumer.id)
      expect(after?.registrationId).toBeUndefined()
    })

    it('lists the workspace only, and deletes within the workspace only', async () => {
      const listed = await consumers.list(workspaceId)
      expect(listed.map((c) => c.consumerKey).sort()).toEqual(['linked-key', 'moodle-key'])
      const [first] = listed
      expect(await consumers.delete(otherWorkspaceId, first!.id)).toBe(false)
      expect(await consumers.delete(workspaceId, first!.id)).toBe(true)
      expect(await consumers.delete(workspaceId, first!.id)).toBe(false)
      expect(await consumers.list(workspaceId)).toHaveLength(1)
    })
  })

  describe(`${dialect}: member identity links`, () => {
    let database: TestDatabase
    let members: MemberRepository
    let workspaceId: string
    let otherWorkspaceId: string

    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      members = memberRepository(database.db)
      const workspaces = workspaceRepository(database.db, clock)
      workspaceId = created(await workspaces.create({ name: 'One', slug: 'one' })).id
      otherWorkspaceId = created(await workspaces.create({ name: 'Two', slug: 'two' })).id
    })
    afterAll(() => database?.close())

    const provision = (sub: string, ws = workspaceId) =>
      members.provisionMember({
        workspaceId: ws,
        issuer: 'urn:lti11:moodle-key',
        sub,
        lmsRoles: [],
        at: NOW,
      })

    it('finds a member by identity and links a second identity to it', async () => {
      const member = await provision('u-1')
      expect(await members.findIdByIdentity(workspaceId, 'urn:lti11:moodle-key', 'u-1')).toBe(
        member.id,
      )
      expect(await members.findIdByIdentity(otherWorkspaceId, 'urn:lti11:moodle-key', 'u-1')).toBe(
        undefined,
      )
      expect(await members.linkIdentity(workspaceId, member.id, 'https://lms', 'sub-1')).toBe(true)
      const again = await members.provisionMember({
        workspaceId,
        issuer: 'https://lms',
        sub: 'sub-1',
        lmsRoles: [],
        at: NOW,
      })
      expect(again.id).toBe(member.id)
      expect(again.identities).toEqual([
        { issuer: 'https://lms', sub: 'sub-1' },
        { issuer: 'urn:lti11:moodle-key', sub: 'u-1' },
      ])
      expect(await members.list(workspaceId)).toHaveLength(1)
    })

    it('never moves an identity that belongs to a member already', async () => {
      const first = await provision('u-2')
      const second = await provision('u-3')
      expect(await members.linkIdentity(workspaceId, first.id, 'https://lms', 'sub-2')).toBe(true)
      expect(await members.linkIdentity(workspaceId, second.id, 'https://lms', 'sub-2')).toBe(false)
      expect(await members.findIdByIdentity(workspaceId, 'https://lms', 'sub-2')).toBe(first.id)
    })

    it('links nothing to a member of another workspace', async () => {
      const foreign = await provision('u-4', otherWorkspaceId)
      expect(await members.linkIdentity(workspaceId, foreign.id, 'https://lms', 'sub-4')).toBe(
        false,
      )
      expect(await members.findIdByIdentity(workspaceId, 'https://lms', 'sub-4')).toBeUndefined()
    })

    it('of concurrent links of one identity, exactly one wins', async () => {
      const target = await provision('u-5')
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          members.linkIdentity(workspaceId, target.id, 'https://lms', 'sub-5'),
        ),
      )
      expect(results.filter(Boolean)).toHaveLength(1)
      expect(await members.findIdByIdentity(workspaceId, 'https://lms', 'sub-5')).toBe(target.id)
    })
  })
}
