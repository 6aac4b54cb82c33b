/**
 * Grade passback through the durable queue against the emulated LMS: scaling, best-of-N,
 * timestamps, line item discovery and creation, and what is not applicable. Fixed clock, no sleeps.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { MEDIA_TYPE, SCOPE } from '../../src/core/claims.js'
import { DIALECTS } from '../support/databases.js'
import { CONTEXT, openPassbackFixture } from '../support/passback-fixture.js'
import type { PassbackFixture } from '../support/passback-fixture.js'

for (const dialect of DIALECTS) {
  describe(`grade passback on ${dialect}`, () => {
    let f: PassbackFixture
    beforeAll(async () => {
      f = await openPassbackFixture(dialect)
    })
    beforeEach(() => f.reset())
    afterAll(() => f?.close())

    const column = (scoreMaximum: number, resourceLinkId = 'link-1') =>
      f.ags.addLineItem(CONTEXT, { label: 'Quiz', scoreMaximum, resourceLinkId })

    it('posts a completed, fully graded score scaled to the line item, as score+json', async () => {
      const lineitem = column(10)
      const attempt = await f.attempt({ sub: 'sub-ada', claim: f.ags.claim(CONTEXT, { lineitem }) })
      const job = await f.result(attempt, 80)
      expect(await f.worker().drain()).toBe(1)
      await f.ags.waitForScores(1)
      expect(f.ags.scores).toEqual([
        {
          lineItemUrl: lineitem,
          contentType: MEDIA_TYPE.score,
          score: {
            userId: 'sub-ada',
            scoreGiven: 8,
            scoreMaximum: 10,
            timestamp: new Date(f.t0).toISOString(),
            activityProgress: 'Completed',
            gradingProgress: 'FullyGraded',
          },
        },
      ])
      expect(await f.job(job.id)).toMatchObject({ state: 'succeeded', postedScore: 80, tries: 1 })
    })

    it('scales to a maximum of 1 and to 100, rounding float noise away', async () => {
      const one = await f.attempt({ claim: f.ags.claim(CONTEXT, { lineitem: column(1) }) })
      const hundred = await f.attempt({
        link: 'link-2',
        claim: f.ags.claim(CONTEXT, { lineitem: column(100, 'link-2') }),
      })
      const ten = await f.attempt({
        link: 'link-3',
        claim: f.ags.claim(CONTEXT, { lineitem: column(10, 'link-3') }),
      })
      await f.result(one, 80)
      await f.result(hundred, 80)
      await f.result(ten, 33)
      await f.worker().drain()
      const given = f.ags.scores.map((s) => [s.score.scoreGiven, s.score.scoreMaximum]).sort()
      expect(given).toEqual([
        [0.8, 1],
        [3.3, 10],
        [80, 100],
      ])
    })

    it('posts out of 100 when only the score scope is granted (the line item cannot be read)', async () => {
      const lineitem = column(10)
      const claim = f.ags.claim(CONTEXT, { lineitem, lineitems: false, scopes: [SCOPE.agsScore] })
      await f.result(await f.attempt({ claim }), 80)
      await f.worker().drain()
      expect(f.ags.scores.map((s) => s.score)).toMatchObject([
        { scoreGiven: 80, scoreMaximum: 100 },
      ])
      expect(f.ags.requests.some((r) => r.method === 'GET')).toBe(false)
    })

    it('best of N: 60 then 80 both post, a later 70 posts nothing', async () => {
      const attempt = await f.attempt({ claim: f.ags.claim(CONTEXT, { lineitem: column(100) }) })
      const worker = f.worker()
      await f.result(attempt, 60)
      await worker.drain()
      await f.result(attempt, 80)
      await worker.drain()
      const seventy = await f.result(attempt, 70)
      await worker.drain()
      expect(f.ags.scores.map((s) => s.score.scoreGiven)).toEqual([60, 80])
      const job = await f.job(seventy.id)
      expect(job.state).toBe('succeeded')
      expect(job).not.toHaveProperty('postedScore')
      expect(worker.stats).toMatchObject({ posted: 2, superseded: 1 })
    })

    it('never sends a lower score after a higher one when both wait in the queue', async () => {
      const attempt = await f.attempt({ claim: f.ags.claim(CONTEXT, { lineitem: column(100) }) })
      for (const score of [50, 90, 70, 60, 85]) await f.result(attempt, score)
      const worker = f.worker({ worker: { concurrency: 5 } })
      for (let round = 0; round < 10; round++) {
        await worker.drain()
        f.clock.advance(2000)
      }
      const sent = f.ags.scores.map((s) => s.score.scoreGiven as number)
      expect(sent.at(-1)).toBe(90)
      expect(sent).toEqual([...sent].sort((a, b) => a - b))
      expect(new Set(sent).size).toBe(sent.length)
    })

    it('keeps timestamps strictly increasing for one learner and line item on a frozen clock', async () => {
      const attempt = await f.attempt({ claim: f.ags.claim(CONTEXT, { lineitem: column(100) }) })
      const worker = f.worker()
      for (const score of [10, 20, 30]) {
        await f.result(attempt, score)
        await worker.drain()
      }
      // The emulator refuses an equal timestamp with 409 (AGS 2.0 §3.4.6), so all three landed.
      expect(f.ags.scores.map((s) => s.score.timestamp)).toEqual([
        new Date(f.t0).toISOString(),
        new Date(f.t0 + 1).toISOString(),
        new Date(f.t0 + 2).toISOString(),
      ])
    })

    it('finds the line item by resource link across pages, filtering itself', async () => {
      await f.reset({
        pageSize: 2,
        ignoreFilter: true,
        typographicLinks: true,
      })
      for (let i = 0; i < 5; i++) column(10, `other-${i}`)
      const target = column(20, 'link-1')
      const claim = f.ags.claim(CONTEXT, { scopes: [SCOPE.agsLineItemReadonly, SCOPE.agsScore] })
      await f.result(await f.attempt({ claim }), 50)
      await f.worker().drain()
      expect(f.ags.scores).toMatchObject([{ lineItemUrl: target, score: { scoreGiven: 10 } }])
      const pages = f.ags.requests.filter(
        (r) => r.method === 'GET' && r.url.includes('/lineitems?'),
      )
      expect(pages.map((p) => new URL(p.url, f.ags.base).searchParams.get('page'))).toEqual([
        null,
        '2',
        '3',
      ])
      expect(pages[0]?.url).toContain('resource_link_id=link-1')
    })

    it('creates the line item once when none exists and the scope allows', async () => {
      const claim = f.ags.claim(CONTEXT)
      const first = await f.attempt({ claim })
      const second = await f.attempt({ claim })
      await f.result(first, 40)
      await f.result(second, 90)
      await f.worker().drain()
      // A second instance, with nothing cached, finds the column instead of adding another.
      await f.result(first, 60)
      await f.worker({ ownConnection: true }).drain()
      expect(f.ags.lineItems(CONTEXT)).toEqual([
        {
          id: expect.any(String),
          label: 'Negotiation basics',
          scoreMaximum: 100,
          resourceLinkId: 'link-1',
          resourceId: f.scenarioId,
        },
      ])
      expect(f.ags.scores.map((s) => s.score.scoreGiven).sort()).toEqual([40, 60, 90])
    })

    it('inserts /scores before the query string of Moodle-style line item URLs', async () => {
      await f.reset({ moodleUrls: true })
      const lineitem = column(1)
      expect(lineitem).toMatch(/\/lineitem\?type_id=\d+$/)
      await f.result(await f.attempt({ claim: f.ags.claim(CONTEXT, { lineitem }) }), 75)
      await f.worker().drain()
      const post = f.ags.requests.find((r) => r.url.includes('/scores'))
      expect(post?.url).toMatch(/\/lineitem\/scores\?type_id=\d+$/)
      expect(f.ags.scores.map((s) => s.score.scoreGiven)).toEqual([0.75])
    })

    it('marks results without an AGS claim, or without a line item, not applicable', async () => {
      const none = await f.result(await f.attempt(), 70)
      const scoreOnly = await f.result(await f.attempt({ claim: { scope: [SCOPE.agsScore] } }), 70)
      const noScoreScope = await f.result(
        await f.attempt({ claim: f.ags.claim(CONTEXT, { scopes: [SCOPE.agsLineItem] }) }),
        70,
      )
      const cannotCreate = await f.result(
        await f.attempt({
          link: 'no-column',
          claim: f.ags.claim(CONTEXT, { scopes: [SCOPE.agsLineItemReadonly, SCOPE.agsScore] }),
        }),
        70,
      )
      await f.worker().drain()
      for (const job of [none, scoreOnly, noScoreScope]) {
        expect(await f.job(job.id)).toMatchObject({
          state: 'not_applicable',
          lastErrorCode: 'LTI_AGS_NOT_AVAILABLE',
          tries: 0,
        })
      }
      expect(await f.job(cannotCreate.id)).toMatchObject({
        state: 'not_applicable',
        lastErrorCode: 'LTI_AGS_LINE_ITEM_UNAVAILABLE',
      })
      expect(f.ags.scores).toEqual([])
    })
  })
}
