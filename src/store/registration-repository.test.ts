import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countQueries, DIALECTS, openTestDatabase } from '../../test/support/databases.js'
import type { TestDatabase } from '../../test/support/databases.js'
import { launchRepository } from './launch-repository.js'
import { memberRepository } from './member-repository.js'
import { registrationRepository } from './registration-repository.js'
import type { RegistrationInput, RegistrationRepository } from './registration-repository.js'
import { workspaceRepository } from './workspace-repository.js'

const NOW = 1_790_000_000_000
const clock = { now: () => NOW }

const input = (overrides: Partial<RegistrationInput> = {}): RegistrationInput => ({
  name: 'Canvas',
  issuer: 'https://canvas.example.edu',
  clientId: '10000000000001',
  deploymentIds: ['2:abc', '1:xyz'],
  authenticationRequestUrl: 'https://canvas.example.edu/api/lti/authorize_redirect',
  accessTokenUrl: 'https://canvas.example.edu/login/oauth2/token',
  jwksUrl: 'https://canvas.example.edu/api/lti/security/jwks',
  ...overrides,
})

const ALL = { deployments: 2, contexts: 1, resourceLinks: 1, enrollments: 1 }
const NONE = { deployments: 0, contexts: 0, resourceLinks: 0, enrollments: 0 }

function created<T>(value: T | 'duplicate'): T {
  if (value === 'duplicate') throw new Error('unexpected duplicate')
  return value
}

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    let registrations: RegistrationRepository
    let workspaceId: string
    let otherWorkspaceId: string
    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      registrations = registrationRepository(database.db, clock)
      const workspaces = workspaceRepository(database.db, clock)
      workspaceId = created(await workspaces.create({ name: 'One', slug: 'one' })).id
      otherWorkspaceId = created(await workspaces.create({ name: 'Two', slug: 'two' })).id
    })
    afterAll(() => database?.close())

    it('creates a registration with its deployments and reads it back', async () => {
      const registration = created(await registrations.create(workspaceId, input()))
      expect(registration).toEqual({
        id: expect.any(String),
        workspaceId,
        name: 'Canvas',
        issuer: 'https://canvas.example.edu',
        clientId: '10000000000001',
        deploymentIds: ['1:xyz', '2:abc'],
        authenticationRequestUrl: 'https://canvas.example.edu/api/lti/authorize_redirect',
        accessTokenUrl: 'https://canvas.example.edu/login/oauth2/token',
        jwksUrl: 'https://canvas.example.edu/api/lti/security/jwks',
        createdAt: NOW,
      })
      expect(await registrations.findById(workspaceId, registration.id)).toEqual(registration)
      expect(await registrations.findById(otherWorkspaceId, registration.id)).toBeUndefined()
      expect(await registrations.findById(workspaceId, 'missing')).toBeUndefined()
    })

    it("returns 'duplicate' for the same (issuer, client_id) in one workspace only", async () => {
      const issuer = 'https://duplicate.example.com'
      created(await registrations.create(workspaceId, input({ issuer })))
      expect(await registrations.create(workspaceId, input({ issuer, name: 'Again' }))).toBe(
        'duplicate',
      )
      created(await registrations.create(otherWorkspaceId, input({ issuer })))
      const names = (await registrations.list(workspaceId))
        .filter((r) => r.issuer === issuer)
        .map((r) => r.name)
      expect(names).toEqual(['Canvas'])
    })

    it('stores a registration without deployments and repeated deployment IDs once', async () => {
      const none = created(
        await registrations.create(workspaceId, input({ clientId: 'none', deploymentIds: [] })),
      )
      expect(await registrations.findById(workspaceId, none.id)).toMatchObject({
        deploymentIds: [],
      })
      const twice = created(
        await registrations.create(
          workspaceId,
          input({ clientId: 'twice', deploymentIds: ['d', 'd'] }),
        ),
      )
      expect(twice.deploymentIds).toEqual(['d'])
    })

    it('lists the registrations of one workspace with their deployments', async () => {
      const listed = await registrations.list(otherWorkspaceId)
      expect(listed).toEqual([
        expect.objectContaining({
          issuer: 'https://duplicate.example.com',
          deploymentIds: ['1:xyz', '2:abc'],
        }),
      ])
    })

    describe('forWorkspace', () => {
      it('finds a registration by (issuer, client_id) in one query', async () => {
        const issuer = 'https://moodle.example.org'
        const registration = created(
          await registrations.create(workspaceId, input({ issuer, clientId: 'moodle-1' })),
        )
        const counter = countQueries(database.db)
        const store = registrationRepository(counter.db, clock).forWorkspace(workspaceId)
        expect(await store.findRegistration(issuer, 'moodle-1')).toEqual(registration)
        expect(counter.count()).toBe(1)
        expect(await store.findRegistration(issuer, 'other')).toBeUndefined()
        expect(
          await registrations.forWorkspace(otherWorkspaceId).findRegistration(issuer, 'moodle-1'),
        ).toBeUndefined()
      })

      it('lists every registration of an issuer in the workspace', async () => {
        const issuer = 'https://d2l.example.net'
        for (const clientId of ['b', 'a']) {
          created(await registrations.create(workspaceId, input({ issuer, clientId })))
        }
        created(await registrations.create(otherWorkspaceId, input({ issuer, clientId: 'c' })))
        const store = registrations.forWorkspace(workspaceId)
        const listed = await store.listRegistrationsByIssuer(issuer)
        expect(listed.map((r) => [r.clientId, r.deploymentIds])).toEqual(
          expect.arrayContaining([
            ['a', ['1:xyz', '2:abc']],
            ['b', ['1:xyz', '2:abc']],
          ]),
        )
        expect(listed).toHaveLength(2)
        expect(await store.listRegistrationsByIssuer('https://nobody.example')).toEqual([])
      })
    })

    describe('forWorkspace cache', () => {
      let t = NOW
      const movingClock = { now: () => t }
      const counted = (options = {}) => {
        const counter = countQueries(database.db)
        return { counter, repository: registrationRepository(counter.db, movingClock, options) }
      }

      it('answers a repeated findRegistration from memory until 5 s have passed', async () => {
        const issuer = 'https://cache.example'
        const registration = created(
          await registrations.create(workspaceId, input({ issuer, clientId: 'hit' })),
        )
        const { counter, repository } = counted()
        const store = repository.forWorkspace(workspaceId)
        expect(await store.findRegistration(issuer, 'hit')).toEqual(registration)
        t += 4_999
        expect(await store.findRegistration(issuer, 'hit')).toEqual(registration)
        expect(counter.count()).toBe(1)
        t += 1
        expect(await store.findRegistration(issuer, 'hit')).toEqual(registration)
        expect(counter.count()).toBe(2)
        // Keyed by workspace too.
        expect(
          await repository.forWorkspace(otherWorkspaceId).findRegistration(issuer, 'hit'),
        ).toBeUndefined()
      })

      it('answers a repeated listRegistrationsByIssuer from memory', async () => {
        const issuer = 'https://list-cache.example'
        created(await registrations.create(workspaceId, input({ issuer, clientId: 'one' })))
        const { counter, repository } = counted()
        const store = repository.forWorkspace(workspaceId)
        const first = await store.listRegistrationsByIssuer(issuer)
        expect(first.map((r) => r.clientId)).toEqual(['one'])
        first.pop()
        expect((await store.listRegistrationsByIssuer(issuer)).map((r) => r.clientId)).toEqual([
          'one',
        ])
        expect(counter.count()).toBe(1)
      })

      it('does not cache a miss: an LMS connected on another instance is found at once', async () => {
        const issuer = 'https://connected-later.example'
        const { counter, repository } = counted()
        const store = repository.forWorkspace(workspaceId)
        expect(await store.findRegistration(issuer, 'later')).toBeUndefined()
        expect(await store.listRegistrationsByIssuer(issuer)).toEqual([])
        // `registrations` stands for another instance: its own repository and cache.
        const registration = created(
          await registrations.create(workspaceId, input({ issuer, clientId: 'later' })),
        )
        expect(await store.findRegistration(issuer, 'later')).toEqual(registration)
        expect(await store.listRegistrationsByIssuer(issuer)).toEqual([registration])
        expect(counter.count()).toBe(4)
      })

      it('adds a registration created in this process to the cached issuer list', async () => {
        const issuer = 'https://grows.example'
        const { repository } = counted()
        created(await repository.create(workspaceId, input({ issuer, clientId: 'a' })))
        const store = repository.forWorkspace(workspaceId)
        expect(await store.listRegistrationsByIssuer(issuer)).toHaveLength(1)
        created(await repository.create(workspaceId, input({ issuer, clientId: 'b' })))
        expect((await store.listRegistrationsByIssuer(issuer)).map((r) => r.clientId)).toEqual(
          expect.arrayContaining(['a', 'b']),
        )
      })

      it('forgets a registration deleted in this process at once', async () => {
        const issuer = 'https://removed-here.example'
        const { repository } = counted()
        const registration = created(
          await repository.create(workspaceId, input({ issuer, clientId: 'gone' })),
        )
        const store = repository.forWorkspace(workspaceId)
        expect(await store.findRegistration(issuer, 'gone')).toEqual(registration)
        expect(await store.listRegistrationsByIssuer(issuer)).toEqual([registration])
        expect(await repository.delete(workspaceId, registration.id)).toBe(true)
        expect(await store.findRegistration(issuer, 'gone')).toBeUndefined()
        expect(await store.listRegistrationsByIssuer(issuer)).toEqual([])
      })

      it('keeps serving a registration deleted by another instance until 5 s have passed', async () => {
        const issuer = 'https://removed-elsewhere.example'
        const { repository } = counted()
        const registration = created(
          await repository.create(workspaceId, input({ issuer, clientId: 'gone' })),
        )
        const store = repository.forWorkspace(workspaceId)
        expect(await store.findRegistration(issuer, 'gone')).toEqual(registration)
        expect(await registrations.delete(workspaceId, registration.id)).toBe(true)
        // The documented cost of the cache, as with a cached JWKS.
        expect(await store.findRegistration(issuer, 'gone')).toEqual(registration)
        t += 5_000
        expect(await store.findRegistration(issuer, 'gone')).toBeUndefined()
      })

      it('reads every time with cacheTtlMs 0', async () => {
        const issuer = 'https://uncached.example'
        created(await registrations.create(workspaceId, input({ issuer, clientId: 'x' })))
        const { counter, repository } = counted({ cacheTtlMs: 0 })
        const store = repository.forWorkspace(workspaceId)
        await store.findRegistration(issuer, 'x')
        await store.findRegistration(issuer, 'x')
        expect(counter.count()).toBe(2)
      })
    })

    describe('delete', () => {
      async function registrationWithLaunch(clientId: string) {
        const registration = created(
          await registrations.create(
            workspaceId,
            input({ issuer: 'https://del.example', clientId }),
          ),
        )
        const member = await memberRepository(database.db).provisionMember({
          workspaceId,
          issuer: registration.issuer,
          sub: `learner-${clientId}`,
          lmsRoles: [],
          at: NOW,
        })
        await launchRepository(database.db).recordLaunchContext({
          registrationId: registration.id,
          deploymentId: '1:xyz',
          memberId: member.id,
          roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
          context: { id: 'course-1' },
          resourceLink: { id: 'link-1' },
          at: NOW,
        })
        return registration
      }

      async function childRows(registrationId: string) {
        const { db } = database
        const count = async (table: 'deployments' | 'lti_contexts' | 'resource_links') =>
          (
            await db
              .selectFrom(table)
              .select('registration_id')
              .where('registration_id', '=', registrationId)
              .execute()
          ).length
        const enrollments = await db
          .selectFrom('enrollments')
          .innerJoin('lti_contexts', 'lti_contexts.id', 'enrollments.context_ref')
          .select('enrollments.member_id')
          .where('lti_contexts.registration_id', '=', registrationId)
          .execute()
        return {
          deployments: await count('deployments'),
          contexts: await count('lti_contexts'),
          resourceLinks: await count('resource_links'),
          enrollments: enrollments.length,
        }
      }

      it('deletes a registration with its deployments, contexts, links and enrollments', async () => {
        const registration = await registrationWithLaunch('delete-me')
        const kept = await registrationWithLaunch('keep-me')
        expect(await childRows(registration.id)).toEqual(ALL)
        expect(await registrations.delete(workspaceId, registration.id)).toBe(true)
        expect(await registrations.findById(workspaceId, registration.id)).toBeUndefined()
        expect(await childRows(registration.id)).toEqual(NONE)
        expect(await childRows(kept.id)).toEqual(ALL)
        expect(await registrations.delete(workspaceId, registration.id)).toBe(false)
      })

      it("does not delete another workspace's registration or its rows", async () => {
        const registration = await registrationWithLaunch('not-yours')
        expect(await registrations.delete(otherWorkspaceId, registration.id)).toBe(false)
        expect(await registrations.findById(workspaceId, registration.id)).toEqual(registration)
        expect(await childRows(registration.id)).toEqual(ALL)
      })

      it('cascades in the schema too (SQLite foreign_keys pragma on)', async () => {
        const registration = await registrationWithLaunch('raw-delete')
        await database.db.deleteFrom('registrations').where('id', '=', registration.id).execute()
        expect(await childRows(registration.id)).toEqual(NONE)
      })
    })
  })
}
