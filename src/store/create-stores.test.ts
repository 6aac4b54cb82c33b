import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countQueries, DIALECTS, openTestDatabase } from '../../test/support/databases.js'
import type { TestDatabase } from '../../test/support/databases.js'
import { createStores } from './create-stores.js'

const NOW = 1_790_000_000_000

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    beforeAll(async () => {
      database = await openTestDatabase(dialect)
    })
    afterAll(() => database?.close())

    it('builds every repository on one handle, with methods that work detached', async () => {
      const stores = createStores(database.db, { clock: { now: () => NOW } })
      const { create } = stores.workspaces
      const workspace = await create({ name: 'Detached', slug: 'detached' })
      expect(workspace).toMatchObject({ createdAt: NOW })
      if (workspace === 'duplicate') throw new Error('unexpected duplicate')
      const { findRegistration } = stores.registrations.forWorkspace(workspace.id)
      const { consumeNonce } = stores.nonces
      const { provisionMember } = stores.members
      const { listKeys } = stores.keys
      const { listLaunches } = stores.launches
      const { list } = stores.scenarios
      expect(await findRegistration('https://nobody.example', 'x')).toBeUndefined()
      expect(await consumeNonce('detached-nonce', NOW)).toBe(true)
      expect(await listKeys('nobody')).toEqual([])
      expect(await listLaunches(workspace.id)).toEqual([])
      expect(await list(workspace.id)).toEqual([])
      const member = await provisionMember({
        workspaceId: workspace.id,
        issuer: 'https://lms.example',
        sub: 's',
        lmsRoles: [],
        at: NOW,
      })
      expect(member.role).toBe('Member')
    })

    it('holds the login and launch hot path to its statement budget', async () => {
      const counter = countQueries(database.db)
      const stores = createStores(counter.db, { clock: { now: () => NOW } })
      const statements = async (call: () => Promise<unknown>): Promise<number> => {
        const before = counter.count()
        await call()
        return counter.count() - before
      }
      const workspace = await stores.workspaces.create({ name: 'Budget', slug: 'budget' })
      if (workspace === 'duplicate') throw new Error('unexpected duplicate')
      const registration = await stores.registrations.create(workspace.id, {
        name: 'LMS',
        issuer: 'https://budget.example',
        clientId: 'client',
        deploymentIds: ['dep'],
        authenticationRequestUrl: 'https://budget.example/auth',
        accessTokenUrl: 'https://budget.example/token',
        jwksUrl: 'https://budget.example/jwks',
      })
      if (registration === 'duplicate') throw new Error('unexpected duplicate')
      await stores.scenarios.create(workspace.id, { slug: 'intro', title: 'Intro' })
      const platform = stores.registrations.forWorkspace(workspace.id)
      const provision = (sub: string, lmsRoles: string[]) =>
        stores.members.provisionMember({
          workspaceId: workspace.id,
          issuer: registration.issuer,
          sub,
          lmsRoles,
          at: NOW,
        })
      const record = (memberId: string) =>
        stores.launches.recordLaunchContext({
          registrationId: registration.id,
          deploymentId: 'dep',
          memberId,
          roles: ['Learner'],
          context: { id: 'course', title: 'Course' },
          resourceLink: { id: 'link', title: 'Link' },
          at: NOW,
        })

      const budget = {
        workspaceFind: [
          await statements(() => stores.workspaces.find('budget')),
          await statements(() => stores.workspaces.find('budget')),
        ],
        findRegistration: [
          await statements(() => platform.findRegistration(registration.issuer, 'client')),
          await statements(() => platform.findRegistration(registration.issuer, 'client')),
        ],
        scenarioFind: [
          await statements(() => stores.scenarios.find(workspace.id, 'intro')),
          await statements(() => stores.scenarios.find(workspace.id, 'intro')),
        ],
        consumeNonce: await statements(() => stores.nonces.consumeNonce('budget-nonce', NOW)),
        provisionNew: await statements(() => provision('learner', ['Learner'])),
        provisionUnchanged: await statements(() => provision('learner', ['Learner'])),
        provisionChanged: await statements(() => provision('learner', ['Instructor'])),
        recordFirst: 0,
        recordRepeat: 0,
        recordNewMember: 0,
        appendLaunchLog: await statements(() =>
          stores.launches.appendLaunchLog({
            correlationId: 'budget',
            workspaceId: workspace.id,
            at: NOW,
            outcome: 'success',
          }),
        ),
      }
      const learner = await provision('learner', ['Instructor'])
      budget.recordFirst = await statements(() => record(learner.id))
      budget.recordRepeat = await statements(() => record(learner.id))
      const second = await provision('second', [])
      budget.recordNewMember = await statements(() => record(second.id))
      expect(budget).toEqual({
        workspaceFind: [1, 0],
        findRegistration: [1, 0],
        scenarioFind: [1, 0],
        consumeNonce: 1,
        // SQLite: a read, then member and identity in one transaction (BEGIN/COMMIT not counted).
        provisionNew: dialect === 'postgres' ? 1 : 3,
        provisionUnchanged: 1,
        provisionChanged: 2,
        recordFirst: 3,
        recordRepeat: 0,
        recordNewMember: 1,
        appendLaunchLog: 1,
      })
    })

    it('turns every cache off with cacheTtlMs 0', async () => {
      const counter = countQueries(database.db)
      const stores = createStores(counter.db, { clock: { now: () => NOW }, cacheTtlMs: 0 })
      await stores.workspaces.find('detached')
      await stores.workspaces.find('detached')
      expect(counter.count()).toBe(2)
    })
  })
}
