import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countQueries, DIALECTS, openTestDatabase } from '../../test/support/databases.js'
import type { TestDatabase } from '../../test/support/databases.js'
import type { OpenAttemptInput } from '../tool/ports.js'
import { attemptRepository } from './attempt-repository.js'
import { createStores } from './create-stores.js'
import type { Stores } from './create-stores.js'

const NOW = 1_790_000_000_000
let now = NOW
const clock = { now: () => now }

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    let stores: Stores
    let workspaceId: string
    let otherWorkspaceId: string
    let members: string[]

    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      stores = createStores(database.db, { clock, cacheTtlMs: 0 })
      const ids: string[] = []
      for (const slug of ['one', 'two']) {
        const workspace = await stores.workspaces.create({ name: slug, slug })
        if (workspace === 'duplicate') throw new Error('duplicate')
        ids.push(workspace.id)
      }
      ;[workspaceId, otherWorkspaceId] = ids as [string, string]
      members = []
      for (const sub of ['ada', 'grace']) {
        const member = await stores.members.provisionMember({
          workspaceId,
          issuer: 'https://lms.example',
          sub,
          lmsRoles: [],
          at: NOW,
        })
        members.push(member.id)
      }
    })
    afterAll(() => database?.close())

    const input = (overrides: Partial<OpenAttemptInput> = {}): OpenAttemptInput => ({
      workspaceId,
      memberId: members[0] as string,
      scenarioId: 'scenario-1',
      registrationId: 'registration-1',
      resourceLinkId: 'link-1',
      userId: 'ada',
      agsEndpoint: { scope: ['s'], lineitem: 'https://lms.example/li/1' },
      at: NOW,
      ...overrides,
    })

    it('opens one attempt per member, scenario and resource link, and resumes it', async () => {
      const id = await stores.attempts.openAttempt(input())
      const found = await stores.attempts.find(workspaceId, id)
      expect(found).toEqual({
        id,
        workspaceId,
        memberId: members[0],
        scenarioId: 'scenario-1',
        registrationId: 'registration-1',
        resourceLinkId: 'link-1',
        userId: 'ada',
        agsEndpoint: { scope: ['s'], lineitem: 'https://lms.example/li/1' },
        createdAt: NOW,
        updatedAt: NOW,
      })
      // The latest launch's claim wins; a launch without one leaves none.
      const resumed = await stores.attempts.openAttempt(
        input({ agsEndpoint: undefined, at: NOW + 10 }),
      )
      expect(resumed).toBe(id)
      const after = await stores.attempts.findById(id)
      expect(after).toMatchObject({ createdAt: NOW, updatedAt: NOW + 10 })
      expect(after).not.toHaveProperty('agsEndpoint')
      expect(await stores.attempts.openAttempt(input({ resourceLinkId: 'link-2' }))).not.toBe(id)
      expect(await stores.attempts.find(otherWorkspaceId, id)).toBeUndefined()
      expect(await stores.attempts.findById('no-such-attempt')).toBeUndefined()
    })

    it('does not rewrite an unchanged attempt within the window', async () => {
      const counted = countQueries(database.db)
      const attempts = attemptRepository(counted.db, clock)
      const first = await attempts.openAttempt(input({ scenarioId: 'memo' }))
      const again = await attempts.openAttempt(input({ scenarioId: 'memo', at: NOW + 1 }))
      expect(again).toBe(first)
      expect(counted.count()).toBe(1)
      await attempts.openAttempt(input({ scenarioId: 'memo', agsEndpoint: { scope: [] } }))
      expect(counted.count()).toBe(2)
    })

    it('lists attempts by member and scenario, latest launch first', async () => {
      const a = await stores.attempts.openAttempt(input({ scenarioId: 'list', at: NOW + 100 }))
      const b = await stores.attempts.openAttempt(
        input({
          scenarioId: 'list',
          memberId: members[1] as string,
          userId: 'grace',
          at: NOW + 200,
        }),
      )
      const listed = await stores.attempts.list(workspaceId, { scenarioId: 'list' })
      expect(listed.map((x) => x.id)).toEqual([b, a])
      expect(
        (await stores.attempts.list(workspaceId, { scenarioId: 'list', memberId: members[1] })).map(
          (x) => x.id,
        ),
      ).toEqual([b])
      expect(
        await stores.attempts.list(workspaceId, { scenarioId: 'list', limit: 1 }),
      ).toHaveLength(1)
      expect(await stores.attempts.list(otherWorkspaceId)).toEqual([])
    })

    it('stores a result with its passback job, and lists results oldest first', async () => {
      const id = await stores.attempts.openAttempt(input({ scenarioId: 'results' }))
      now = NOW
      const late = await stores.attempts.recordResult({
        attemptId: id,
        score: 87.5,
        at: NOW + 5,
        passback: { state: 'pending' },
      })
      const early = await stores.attempts.recordResult({
        attemptId: id,
        score: 0,
        at: NOW + 1,
        passback: { state: 'not_applicable', errorCode: 'LTI_AGS_NOT_AVAILABLE', error: 'none' },
      })
      expect(late.job).toEqual({
        id: expect.any(String),
        attemptId: id,
        resultId: late.result.id,
        score: 87.5,
        state: 'pending',
        runAt: NOW + 5,
        tries: 0,
        createdAt: NOW + 5,
        updatedAt: NOW + 5,
      })
      expect(await stores.attempts.listResults([id])).toEqual([early.result, late.result])
      expect(await stores.passback.listJobs([id])).toEqual([early.job, late.job])
      expect(early.job).toMatchObject({
        state: 'not_applicable',
        lastErrorCode: 'LTI_AGS_NOT_AVAILABLE',
        lastError: 'none',
      })
      expect(await stores.attempts.listResults([])).toEqual([])
    })

    it('refuses a result for an attempt that does not exist, storing nothing', async () => {
      await expect(
        stores.attempts.recordResult({
          attemptId: 'missing',
          score: 50,
          at: NOW,
          passback: { state: 'pending' },
        }),
      ).rejects.toThrow()
      expect(await stores.passback.listJobs(['missing'])).toEqual([])
      expect(await stores.attempts.listResults(['missing'])).toEqual([])
    })
  })
}
