import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DIALECTS, openTestDatabase } from '../../test/support/databases.js'
import type { TestDatabase } from '../../test/support/databases.js'
import type { PassbackJob } from '../tool/ports.js'
import { createStores } from './create-stores.js'
import type { Stores } from './create-stores.js'
import { openDatabase } from './database.js'
import { passbackRepository } from './passback-repository.js'

const NOW = 1_790_000_000_000
const clock = { now: () => NOW }

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    let stores: Stores
    let attemptId: string

    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      stores = createStores(database.db, { clock, cacheTtlMs: 0 })
      const workspace = await stores.workspaces.create({ name: 'Queue', slug: 'queue' })
      if (workspace === 'duplicate') throw new Error('duplicate')
      const member = await stores.members.provisionMember({
        workspaceId: workspace.id,
        issuer: 'https://lms.example',
        sub: 'learner-1',
        lmsRoles: [],
        at: NOW,
      })
      attemptId = await stores.attempts.openAttempt({
        workspaceId: workspace.id,
        memberId: member.id,
        scenarioId: 'scenario-1',
        registrationId: 'registration-1',
        resourceLinkId: 'link-1',
        userId: 'learner-1',
        at: NOW,
      })
    })
    beforeEach(async () => {
      await database.db.deleteFrom('passback_jobs').execute()
      await database.db.deleteFrom('passback_ledger').execute()
    })
    afterAll(() => database?.close())

    const enqueue = async (score: number, at = NOW) =>
      (await stores.attempts.recordResult({ attemptId, score, at, passback: { state: 'pending' } }))
        .job

    it('claims due jobs, earliest first, up to the limit, under a lease', async () => {
      const later = await enqueue(10, NOW + 1000)
      const first = await enqueue(20, NOW - 2000)
      const second = await enqueue(30, NOW - 1000)
      const third = await enqueue(40, NOW)
      const claimed = await stores.passback.claim({
        now: NOW,
        limit: 2,
        leaseMs: 60_000,
        token: 't1',
      })
      expect(claimed.map((j) => j.id)).toEqual([first.id, second.id])
      expect(claimed[0]).toMatchObject({
        state: 'running',
        tries: 1,
        leaseToken: 't1',
        leaseExpiresAt: NOW + 60_000,
      })
      const rest = await stores.passback.claim({
        now: NOW,
        limit: 10,
        leaseMs: 60_000,
        token: 't2',
      })
      expect(rest.map((j) => j.id)).toEqual([third.id])
      expect(later.state).toBe('pending')
      expect(await stores.passback.claim({ now: NOW, limit: 10, leaseMs: 1, token: 't3' })).toEqual(
        [],
      )
    })

    it('gives a job to one of several instances claiming at once', async () => {
      for (let i = 0; i < 30; i++) await enqueue(i)
      const handles = [0, 1, 2].map(() => openDatabase(database.url))
      try {
        const queues = handles.map((h) => passbackRepository(h.db))
        const seen: string[] = []
        for (let round = 0; round < 10; round++) {
          const batches = await Promise.all(
            queues.map((q, i) =>
              q.claim({ now: NOW, limit: 4, leaseMs: 60_000, token: `r${round}-${i}` }),
            ),
          )
          for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(4)
          seen.push(...batches.flat().map((j) => j.id))
        }
        expect(seen.length).toBe(30)
        expect(new Set(seen).size).toBe(30)
      } finally {
        await Promise.all(handles.map((h) => h.close()))
      }
    })

    it('hands a job back when its lease expires, counting the crashed run', async () => {
      const job = await enqueue(50)
      const [crashed] = await stores.passback.claim({
        now: NOW,
        limit: 1,
        leaseMs: 1000,
        token: 'a',
      })
      expect(
        await stores.passback.claim({ now: NOW + 999, limit: 1, leaseMs: 1000, token: 'b' }),
      ).toEqual([])
      const [resumed] = await stores.passback.claim({
        now: NOW + 1000,
        limit: 1,
        leaseMs: 1000,
        token: 'c',
      })
      expect(resumed).toMatchObject({ id: job.id, tries: 2, leaseToken: 'c' })
      // The crashed run's outcome no longer applies; the current one's does.
      const done = { state: 'succeeded', postedScore: 50 } as const
      expect(await stores.passback.complete(crashed as PassbackJob, done, NOW + 1001)).toBe(false)
      expect(await stores.passback.complete(resumed as PassbackJob, done, NOW + 1001)).toBe(true)
      expect(await stores.passback.complete(resumed as PassbackJob, done, NOW + 1002)).toBe(false)
      const [stored] = await stores.passback.listJobs([attemptId])
      expect(stored).toEqual({
        ...job,
        state: 'succeeded',
        tries: 2,
        postedScore: 50,
        updatedAt: NOW + 1001,
      })
    })

    it('records retries, deferrals and failures; a manual requeue starts over', async () => {
      const job = await enqueue(60)
      const claim = async () =>
        (
          await stores.passback.claim({ now: NOW, limit: 1, leaseMs: 1000, token: 'x' })
        )[0] as PassbackJob
      await stores.passback.complete(
        await claim(),
        {
          state: 'pending',
          runAt: NOW,
          countsAsTry: true,
          errorCode: 'LTI_AGS_REQUEST_FAILED',
          error: 'HTTP 503',
        },
        NOW,
      )
      await stores.passback.complete(
        await claim(),
        { state: 'pending', runAt: NOW, countsAsTry: false },
        NOW,
      )
      expect((await stores.passback.listJobs([attemptId]))[0]).toMatchObject({
        state: 'pending',
        tries: 1,
        lastErrorCode: 'LTI_AGS_REQUEST_FAILED',
        lastError: 'HTTP 503',
      })
      await stores.passback.complete(
        await claim(),
        { state: 'failed', errorCode: 'LTI_AGS_SCOPE_FORBIDDEN', error: 'HTTP 403' },
        NOW,
      )
      const na = (
        await stores.attempts.recordResult({
          attemptId,
          score: 70,
          at: NOW,
          passback: { state: 'not_applicable', errorCode: 'LTI_AGS_NOT_AVAILABLE' },
        })
      ).job
      const posted = await enqueue(80)
      await stores.passback.complete(await claim(), { state: 'succeeded', postedScore: 80 }, NOW)
      expect(await stores.passback.requeue(attemptId, NOW + 5)).toBe(2)
      const jobs = await stores.passback.listJobs([attemptId])
      const byId = new Map(jobs.map((j) => [j.id, j]))
      expect(byId.get(job.id)).toMatchObject({ state: 'pending', tries: 0, runAt: NOW + 5 })
      expect(byId.get(na.id)).toMatchObject({ state: 'pending', tries: 0, runAt: NOW + 5 })
      expect(byId.get(posted.id)).toMatchObject({ state: 'succeeded', postedScore: 80 })
    })

    it('locks a ledger key for one token until it is released or expires', async () => {
      const key = { registrationId: 'r', lineItemUrl: 'https://lms.example/li/1', userId: 'u' }
      expect(await stores.passback.acquire(key, 'a', NOW + 100, NOW)).toEqual({})
      expect(await stores.passback.acquire(key, 'b', NOW + 100, NOW)).toBeUndefined()
      expect(await stores.passback.release(key, 'b')).toBe(false)
      const next = { bestScore: 80, uncertainScore: 90, lastTimestamp: NOW }
      expect(await stores.passback.release(key, 'a', next)).toBe(true)
      expect(await stores.passback.acquire(key, 'b', NOW + 100, NOW)).toEqual(next)
      // An expired lock goes to the next token; the previous holder's release then fails.
      expect(await stores.passback.acquire(key, 'c', NOW + 200, NOW + 100)).toEqual(next)
      expect(await stores.passback.release(key, 'b', { bestScore: 10 })).toBe(false)
      expect(await stores.passback.release(key, 'c')).toBe(true)
      expect(await stores.passback.acquire({ ...key, userId: 'v' }, 'd', NOW + 1, NOW)).toEqual({})
    })
  })
}
