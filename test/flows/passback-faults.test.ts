/**
 * Grade passback when the LMS misbehaves: slow, down, rate-limiting, refusing tokens or scores,
 * and when a tool instance dies mid-run. Every learner's best score lands, once per improvement,
 * never a lower one after a higher one. Fixed clock; retries are driven by advancing it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SCOPE } from '../../src/core/claims.js'
import { DIALECTS } from '../support/databases.js'
import { CONTEXT, openPassbackFixture } from '../support/passback-fixture.js'
import type { PassbackFixture } from '../support/passback-fixture.js'

for (const dialect of DIALECTS) {
  describe(`grade passback faults on ${dialect}`, () => {
    let f: PassbackFixture
    beforeAll(async () => {
      f = await openPassbackFixture(dialect)
    })
    beforeEach(() => f.reset())
    afterAll(() => f?.close())

    /** A learner whose launch named a line item of 100 points. */
    async function learner(sub?: string) {
      const lineitem = f.ags.addLineItem(CONTEXT, {
        label: 'Quiz',
        scoreMaximum: 100,
        resourceLinkId: 'link-1',
      })
      return f.attempt({ ...(sub ? { sub } : {}), claim: f.ags.claim(CONTEXT, { lineitem }) })
    }
    const given = () => f.ags.scores.map((s) => s.score.scoreGiven)

    it('retries a timed-out post after the backoff, then posts once', async () => {
      const job = await f.result(await learner(), 80)
      f.ags.fail({ on: 'scores', kind: 'timeout' })
      const worker = f.worker()
      await worker.drain()
      // Equal jitter at random 0.5: 10 s / 2 + 0.5 × 10 s / 2.
      expect(await f.job(job.id)).toMatchObject({
        state: 'pending',
        tries: 1,
        runAt: f.t0 + 7500,
        lastErrorCode: 'LTI_AGS_REQUEST_FAILED',
        lastError: 'no answer within 10000 ms',
      })
      expect(await worker.drain()).toBe(0)
      f.clock.advance(7500)
      expect(await worker.drain()).toBe(1)
      expect(given()).toEqual([80])
      expect(await f.job(job.id)).toMatchObject({ state: 'succeeded', tries: 2, postedScore: 80 })
    })

    it('backs off exponentially while the LMS answers 5xx or is unreachable, then recovers', async () => {
      const job = await f.result(await learner(), 65)
      f.ags.fail({ on: 'scores', status: 503, times: 4 })
      f.ags.fail({ on: 'scores', kind: 'network', times: 2 })
      const worker = f.worker()
      const delays: number[] = []
      for (let run = 0; run < 6; run++) {
        await worker.drain()
        const pending = await f.job(job.id)
        expect(pending.state).toBe('pending')
        delays.push(pending.runAt - f.clock.now())
        f.clock.advance(pending.runAt - f.clock.now())
      }
      expect(delays).toEqual([7500, 15_000, 30_000, 60_000, 120_000, 240_000])
      await worker.drain()
      expect(given()).toEqual([65])
      expect(await f.job(job.id)).toMatchObject({ state: 'succeeded', tries: 7 })
    })

    it('fails with the LMS answer after the run limit; a manual retry posts it', async () => {
      const attempt = await learner()
      const job = await f.result(attempt, 90)
      f.ags.fail({ on: 'scores', status: 500, times: 3, body: '{"error":"database down"}' })
      const worker = f.worker({ processor: { policy: { maxTries: 3 } } })
      for (let run = 0; run < 3; run++) {
        await worker.drain()
        f.clock.advance(3600_000)
      }
      expect(await f.job(job.id)).toMatchObject({
        state: 'failed',
        tries: 3,
        lastErrorCode: 'LTI_AGS_REQUEST_FAILED',
        lastError: 'HTTP 500: {"error":"database down"}',
      })
      expect(await worker.drain()).toBe(0)
      expect(await f.stores.passback.requeue(attempt, f.clock.now())).toBe(1)
      await worker.drain()
      expect(given()).toEqual([90])
      expect(await f.job(job.id)).toMatchObject({ state: 'succeeded', tries: 1 })
    })

    it('honours Retry-After in seconds and as an HTTP date on 429', async () => {
      const first = await f.result(await learner(), 50)
      f.ags.fail({ on: 'scores', status: 429, headers: { 'retry-after': '120' } })
      await f.worker().drain()
      expect((await f.job(first.id)).runAt).toBe(f.t0 + 120_000)

      const second = await f.result(await learner(), 50)
      const at = new Date(f.clock.now() + 300_000).toUTCString()
      f.ags.fail({ on: 'scores', status: 429, headers: { 'retry-after': at } })
      await f.worker().drain()
      expect(await f.job(second.id)).toMatchObject({ state: 'pending', runAt: f.t0 + 300_000 })
      expect(given()).toEqual([])
    })

    it('retries when the token endpoint is down', async () => {
      const job = await f.result(await learner(), 70)
      f.ags.fail({ on: 'token', status: 503 })
      const worker = f.worker()
      await worker.drain()
      expect(await f.job(job.id)).toMatchObject({
        state: 'pending',
        lastErrorCode: 'LTI_TOKEN_RESPONSE_INVALID',
        // The OAuth error code of the answer follows its status.
        lastError: 'access token request: HTTP 503: fault 503',
      })
      f.clock.advance(7500)
      await worker.drain()
      expect(given()).toEqual([70])
    })

    it('refreshes a refused access token once and posts in the same run', async () => {
      const attempt = await learner()
      const worker = f.worker()
      await f.result(attempt, 40)
      await worker.drain()
      expect(f.ags.tokensIssued).toBe(1)
      f.ags.revokeTokens()
      const job = await f.result(attempt, 60)
      await worker.drain()
      expect(f.ags.tokensIssued).toBe(2)
      expect(given()).toEqual([40, 60])
      expect(await f.job(job.id)).toMatchObject({ state: 'succeeded', tries: 1 })
      expect(f.ags.requests.slice(-3).map((r) => [r.url.split('/').pop(), r.status])).toEqual([
        ['scores', 401],
        ['token', 200],
        ['scores', 204],
      ])
    })

    it('fails fast on 403, 404 and 422 (or a 400 naming the user), without retrying', async () => {
      const forbidden = await f.result(await learner(), 10)
      f.ags.fail({ on: 'scores', status: 403 })
      const worker = f.worker()
      await worker.drain()

      const gone = await learner()
      const goneAttempt = await f.stores.attempts.findById(gone)
      f.ags.deleteLineItem((goneAttempt?.agsEndpoint as { lineitem: string }).lineitem)
      const goneJob = await f.result(gone, 20)
      await worker.drain()

      const notEnrolled = await f.result(await learner('test-student'), 30)
      f.ags.notInCourse.add('test-student')
      await worker.drain()

      // One at a time: the scripted 400 goes to the next score post.
      const badRequest = await f.result(await learner(), 40)
      f.ags.fail({ on: 'scores', status: 400, body: '{"error":"User not found in course"}' })
      await worker.drain()

      const expected = [
        [forbidden, 'LTI_AGS_SCOPE_FORBIDDEN'],
        [goneJob, 'LTI_AGS_LINE_ITEM_GONE'],
        [notEnrolled, 'LTI_AGS_LEARNER_NOT_IN_COURSE'],
        [badRequest, 'LTI_AGS_LEARNER_NOT_IN_COURSE'],
      ] as const
      for (const [job, code] of expected) {
        expect(await f.job(job.id)).toMatchObject({
          state: 'failed',
          tries: 1,
          lastErrorCode: code,
        })
      }
      f.clock.advance(24 * 3600_000)
      expect(await worker.drain()).toBe(0)
      expect(given()).toEqual([])
    })

    it('on 409 retries once with a later timestamp; a second 409 fails with LTI_SCORE_STALE', async () => {
      const once = await f.result(await learner(), 55)
      f.ags.fail({ on: 'scores', status: 409 })
      const worker = f.worker()
      await worker.drain()
      expect(await f.job(once.id)).toMatchObject({ state: 'succeeded', tries: 1 })
      expect(f.ags.scores.map((s) => s.score.timestamp)).toEqual([
        new Date(f.t0 + 1000).toISOString(),
      ])

      const twice = await f.result(await learner(), 66)
      f.ags.fail({ on: 'scores', status: 409, times: 2 })
      await worker.drain()
      expect(await f.job(twice.id)).toMatchObject({
        state: 'failed',
        lastErrorCode: 'LTI_SCORE_STALE',
      })
      expect(given()).toEqual([55])
    })

    it('gets past a stale timestamp the LMS holds from a run that died after posting', async () => {
      const attempt = await learner()
      const worker = f.worker()
      await f.result(attempt, 45)
      await worker.drain()
      // The LMS stored 45 at t0; the record of that post is lost, as if the run had died.
      await f.database.db.deleteFrom('passback_ledger').execute()
      await f.result(attempt, 85)
      await worker.drain()
      expect(f.ags.scores.map((s) => [s.score.scoreGiven, s.score.timestamp])).toEqual([
        [45, new Date(f.t0).toISOString()],
        [85, new Date(f.t0 + 1000).toISOString()],
      ])
    })

    it('does not follow a post that may have landed with a lower score', async () => {
      const attempt = await learner()
      const eighty = await f.result(attempt, 80)
      // The LMS stores 80 but its answer never arrives.
      f.ags.fail({ on: 'scores', kind: 'timeout', served: true })
      const worker = f.worker()
      await worker.drain()
      const seventy = await f.result(attempt, 70)
      await worker.drain()
      expect(await f.job(seventy.id)).toMatchObject({ state: 'succeeded' })
      expect(await f.job(seventy.id)).not.toHaveProperty('postedScore')
      f.clock.advance(7500)
      await worker.drain()
      expect(await f.job(eighty.id)).toMatchObject({ state: 'succeeded', postedScore: 80 })
      expect(given()).toEqual([80, 80])
    })

    it('looks a cached line item up again once when it is gone, creating a new one', async () => {
      const attempt = await f.attempt({ claim: f.ags.claim(CONTEXT) })
      const worker = f.worker()
      await f.result(attempt, 30)
      await worker.drain()
      const [first] = f.ags.lineItems(CONTEXT)
      f.ags.deleteLineItem(first?.id as string)
      const job = await f.result(attempt, 60)
      await worker.drain()
      const [second] = f.ags.lineItems(CONTEXT)
      expect(second?.id).not.toBe(first?.id)
      expect(f.ags.scores.map((s) => [s.lineItemUrl, s.score.scoreGiven])).toEqual([
        [first?.id, 30],
        [second?.id, 60],
      ])
      expect(await f.job(job.id)).toMatchObject({ state: 'succeeded', tries: 1 })
    })

    it('resumes the job of a crashed instance once its lease expires, exactly once', async () => {
      const attempt = await learner()
      const job = await f.result(attempt, 75)
      // Instance A claims the job, takes its lock and dies before posting.
      const [claimed] = await f.stores.passback.claim({
        now: f.clock.now(),
        limit: 10,
        leaseMs: 120_000,
        token: 'instance-a',
      })
      const stored = await f.stores.attempts.findById(attempt)
      const key = {
        registrationId: f.registrationId,
        lineItemUrl: (stored?.agsEndpoint as { lineitem: string }).lineitem,
        userId: stored?.userId as string,
      }
      expect(await f.stores.passback.acquire(key, 'instance-a', f.t0 + 120_000, f.t0)).toEqual({})
      const b = f.worker({ ownConnection: true })
      expect(await b.drain()).toBe(0)
      f.clock.advance(119_999)
      expect(await b.drain()).toBe(0)
      f.clock.advance(1)
      expect(await b.drain()).toBe(1)
      expect(given()).toEqual([75])
      expect(await f.job(job.id)).toMatchObject({ state: 'succeeded', tries: 2 })
      // A's outcome, should it ever arrive, is fenced off by the lease token.
      const late = await f.stores.passback.complete(
        claimed as NonNullable<typeof claimed>,
        { state: 'failed', errorCode: 'LTI_INTERNAL' },
        f.clock.now(),
      )
      expect(late).toBe(false)
      expect(await f.job(job.id)).toMatchObject({ state: 'succeeded' })
      expect(await f.stores.passback.release(key, 'instance-a')).toBe(false)
    })

    it('two instances on one database post every improvement exactly once', async () => {
      const learners = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          f.attempt({
            sub: `pair-${i}`,
            claim: f.ags.claim(CONTEXT, {
              lineitem: f.ags.addLineItem(CONTEXT, {
                label: 'Quiz',
                scoreMaximum: 100,
                resourceLinkId: 'link-1',
              }),
              scopes: [SCOPE.agsLineItem, SCOPE.agsScore],
            }),
          }),
        ),
      )
      for (const score of [40, 95, 70]) {
        for (const attempt of learners) await f.result(attempt, score)
      }
      const options = { ownConnection: true, worker: { concurrency: 4, batchSize: 5 } }
      const [a, b] = [f.worker(options), f.worker(options)]
      for (let round = 0; round < 20; round++) {
        await Promise.all([a.drain(), b.drain()])
        f.clock.advance(2000)
      }
      const jobs = await f.stores.passback.listJobs(learners)
      expect(jobs.map((j) => j.state)).toEqual(jobs.map(() => 'succeeded'))
      for (let i = 0; i < learners.length; i++) {
        const sent = f.ags.scores
          .filter((s) => s.score.userId === `pair-${i}`)
          .map((s) => s.score.scoreGiven as number)
        expect(sent.at(-1)).toBe(95)
        expect(sent).toEqual([...new Set(sent)].sort((x, y) => x - y))
      }
      expect(a.stats.claimed + b.stats.claimed).toBeGreaterThanOrEqual(jobs.length)
      expect(a.stats.lost + b.stats.lost).toBe(0)
    })
  })
}
