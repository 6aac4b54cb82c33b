/**
 * The platform's AGS endpoints over the SQL store, played the way the certification suite plays
 * them: tokens carrying one scope each, two contexts, every scope refused where it was not
 * granted, the spec's media types and status codes. NRPS: platform-memberships.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MEDIA_TYPE, SCOPE } from '../../src/core/claims.js'
import { findLink } from '../../src/core/lib/link-header.js'
import { DIALECTS } from '../support/databases.js'
import {
  AGS_ALL,
  SERVICE_NOW,
  SERVICE_PUBLIC_URL,
  scoreBody,
  startServiceFixture,
} from '../support/platform-service-fixture.js'
import type { CallInit, ServiceFixture, ServiceWorld } from '../support/platform-service-fixture.js'

const errorOf = async (res: Response) => [res.status, (await res.json()).error.code]

for (const dialect of DIALECTS) {
  describe(`AGS sequence with one scope per token, across two contexts (${dialect})`, () => {
    let f: ServiceFixture
    let w: ServiceWorld
    // Line item URLs in contexts a and b.
    let itemA = ''
    let itemB = ''

    beforeAll(async () => {
      f = await startServiceFixture(dialect)
      w = f.world
    })
    afterAll(async () => {
      await f?.close()
    })

    const createItem = (contextId: string, auth: string, body: unknown) =>
      f.call(`/${contextId}/lineitems`, auth, { method: 'POST', type: MEDIA_TYPE.lineItem, body })
    const postScore = (lineItemUrl: string, auth: string, score: Record<string, unknown>) =>
      f.call(`${lineItemUrl}/scores`, auth, scoreBody(f, score))
    const idOf = (url: string) => url.split('/').pop() as string

    it('a line item token creates and reads line items in two contexts', async () => {
      const auth = await f.token([SCOPE.agsLineItem])
      const created = await createItem(w.a, auth, {
        label: 'Quiz 1',
        scoreMaximum: 60,
        resourceLinkId: w.rlA,
        resourceId: 'quiz-1',
        tag: 'quiz',
        gradesReleased: true,
      })
      expect(created.status).toBe(201)
      expect(created.headers.get('content-type')).toBe(MEDIA_TYPE.lineItem)
      const body = await created.json()
      expect(body).toMatchObject({ label: 'Quiz 1', scoreMaximum: 60, resourceLinkId: w.rlA })
      expect(body.id).toMatch(new RegExp(`^${SERVICE_PUBLIC_URL}/lti/contexts/${w.a}/lineitems/`))
      expect(created.headers.get('location')).toBe(body.id)
      itemA = body.id
      // The first line item of a link becomes the link's own (its launches' `lineitem`).
      expect((await f.stores.links.findLink(w.linkA))?.lineItemId).toBe(idOf(itemA))

      const inB = await createItem(w.b, auth, {
        label: 'Essay',
        scoreMaximum: 10,
        resourceLinkId: w.rlB,
      })
      expect(inB.status).toBe(201)
      itemB = (await inB.json()).id

      const got = await f.call(itemA, auth, { accept: MEDIA_TYPE.lineItem })
      expect(got.status).toBe(200)
      expect(await got.json()).toEqual(body)
      const list = await f.call(`/${w.b}/lineitems`, auth, {
        accept: MEDIA_TYPE.lineItemContainer,
      })
      expect(list.headers.get('content-type')).toBe(MEDIA_TYPE.lineItemContainer)
      expect((await list.json()).map((i: { id: string }) => i.id)).toEqual([itemB])
    })

    it('a read-only line item token reads but cannot write', async () => {
      const auth = await f.token([SCOPE.agsLineItemReadonly])
      expect((await f.call(itemA, auth)).status).toBe(200)
      expect((await f.call(`/${w.a}/lineitems`, auth)).status).toBe(200)
      const refused = await createItem(w.a, auth, { label: 'X', scoreMaximum: 1 })
      expect(await errorOf(refused)).toEqual([403, 'LTI_SCOPE_INSUFFICIENT'])
    })

    it('a score-only token posts scores in both contexts, warm in one statement', async () => {
      const auth = await f.token([SCOPE.agsScore])
      const posted = await postScore(itemA, auth, {
        userId: w.Ada,
        scoreGiven: 0.6,
        scoreMaximum: 1,
      })
      expect(posted.status).toBe(204)
      expect(await posted.text()).toBe('')
      const before = f.queries()
      f.setNow(f.now() + 1)
      const again = await postScore(itemA, auth, {
        userId: w.Ada,
        scoreGiven: 0.7,
        scoreMaximum: 1,
        comment: 'Good',
      })
      expect(again.status).toBe(204)
      // Tool, line item and enrollment come from the stores' caches and the token is a MAC:
      // the upsert is the only statement.
      expect(f.queries() - before).toBe(1)
      const inB = await postScore(itemB, auth, { userId: w.Ada, scoreGiven: 8, scoreMaximum: 10 })
      expect(inB.status).toBe(204)
      const progressOnly = await postScore(itemA, auth, {
        userId: w.Alan,
        activityProgress: 'Started',
        gradingProgress: 'NotReady',
      })
      expect(progressOnly.status).toBe(204)
    })

    it('a results-only token reads the results on the line item scale', async () => {
      const auth = await f.token([SCOPE.agsResultReadonly])
      const res = await f.call(`${itemA}/results`, auth, { accept: MEDIA_TYPE.resultContainer })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe(MEDIA_TYPE.resultContainer)
      const results = await res.json()
      const byUser = (userId: string) =>
        results.find((r: { userId: string }) => r.userId === userId)
      expect(byUser(w.Ada)).toEqual({
        id: `${itemA}/results/${w.Ada}`,
        scoreOf: itemA,
        userId: w.Ada,
        resultScore: 42,
        resultMaximum: 60,
        comment: 'Good',
      })
      expect(byUser(w.Alan)).not.toHaveProperty('resultScore')
      const one = await (await f.call(`${itemA}/results?user_id=${w.Alan}`, auth)).json()
      expect(one.map((r: { userId: string }) => r.userId)).toEqual([w.Alan])
      const inB = await (await f.call(`${itemB}/results`, auth)).json()
      expect(inB).toMatchObject([{ userId: w.Ada, resultScore: 8, resultMaximum: 10 }])
    })

    it('refuses every call whose scope the token lacks, with 403', async () => {
      const score = { method: 'POST', type: MEDIA_TYPE.score, body: {} }
      const put = { method: 'PUT', type: MEDIA_TYPE.lineItem, body: {} }
      const cases: [string[], string, CallInit][] = [
        [[SCOPE.agsScore], `/${w.a}/lineitems`, {}],
        [[SCOPE.agsResultReadonly], itemA, {}],
        [[SCOPE.agsLineItem], `${itemA}/results`, {}],
        [[SCOPE.agsLineItemReadonly], `${itemA}/results`, {}],
        [[SCOPE.agsLineItem, SCOPE.agsResultReadonly], `${itemA}/scores`, score],
        [[SCOPE.agsLineItemReadonly], itemA, put],
        [[SCOPE.agsLineItemReadonly, SCOPE.agsScore], itemA, { method: 'DELETE' }],
        [AGS_ALL, `/${w.a}/memberships`, {}],
        [[SCOPE.nrpsMembershipReadonly], `/${w.a}/lineitems`, {}],
      ]
      for (const [scopes, url, init] of cases) {
        const res = await f.call(url, await f.token(scopes), init)
        expect([url, init.method, ...(await errorOf(res))]).toEqual([
          url,
          init.method,
          403,
          'LTI_SCOPE_INSUFFICIENT',
        ])
      }
    })

    it('answers 401 without a token, with an altered one and with an expired one', async () => {
      const url = `/${w.a}/lineitems`
      const missing = await f.call(url, undefined)
      expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/)
      expect(await errorOf(missing)).toEqual([401, 'LTI_ACCESS_TOKEN_MISSING'])
      const good = await f.token([SCOPE.agsLineItem])
      const altered = await f.call(url, `${good.slice(0, -3)}AAA`)
      expect(await errorOf(altered)).toEqual([401, 'LTI_ACCESS_TOKEN_INVALID'])
      const expiring = await f.token([SCOPE.agsLineItem], f.tool, 60)
      f.setNow(SERVICE_NOW + 61_000)
      const expired = await f.call(url, expiring)
      f.setNow(SERVICE_NOW)
      expect(await errorOf(expired)).toEqual([401, 'LTI_ACCESS_TOKEN_INVALID'])
    })

    it('answers 406 for an Accept it cannot meet, 415 for a wrong body type, 405 with Allow', async () => {
      const auth = await f.token(AGS_ALL)
      const url = `/${w.a}/lineitems`
      const notAcceptable = await f.call(url, auth, { accept: MEDIA_TYPE.lineItem })
      expect(await errorOf(notAcceptable)).toEqual([406, 'LTI_NOT_ACCEPTABLE'])
      expect((await f.call(url, auth, { accept: 'application/json' })).status).toBe(200)
      const wrongType = await f.call(`${itemA}/scores`, auth, {
        method: 'POST',
        type: 'application/json',
        body: { userId: w.Ada },
      })
      expect(await errorOf(wrongType)).toEqual([415, 'LTI_MEDIA_TYPE_UNSUPPORTED'])
      const noType = await f.call(url, auth, {
        method: 'POST',
        body: { label: 'X', scoreMaximum: 1 },
      })
      expect(noType.status).toBe(415)
      const patch = await f.call(itemA, auth, { method: 'PATCH' })
      expect(await errorOf(patch)).toEqual([405, 'LTI_METHOD_NOT_ALLOWED'])
      expect(patch.headers.get('allow')).toBe('GET, PUT, DELETE')
      expect((await f.call(`${itemA}/scores`, auth)).headers.get('allow')).toBe('POST')
    })

    it('keeps a tool to its own contexts and line items: 404 elsewhere', async () => {
      const auth = await f.token(AGS_ALL)
      const other = await f.token(AGS_ALL, f.privateTool)
      expect(await errorOf(await f.call(`/${w.c}/lineitems`, auth))).toEqual([
        404,
        'LTI_CONTEXT_NOT_FOUND',
      ])
      expect(await errorOf(await f.call('/no-such-course/lineitems', auth))).toEqual([
        404,
        'LTI_CONTEXT_NOT_FOUND',
      ])
      const notFound = [404, 'LTI_LINE_ITEM_NOT_FOUND']
      expect(await errorOf(await f.call(itemA, other))).toEqual(notFound)
      expect(await errorOf(await postScore(itemA, other, { userId: w.Ada }))).toEqual(notFound)
      // Line item of context a addressed under context b.
      const misplaced = itemA.replace(`/contexts/${w.a}/`, `/contexts/${w.b}/`)
      expect(await errorOf(await f.call(misplaced, auth))).toEqual(notFound)
      expect(await errorOf(await f.call(`/${w.a}/lineitems/nope/results`, auth))).toEqual(notFound)
      // The other tool sees none of this tool's line items in a context they share.
      expect(await (await f.call(`/${w.a}/lineitems`, other)).json()).toEqual([])
    })

    it('refuses a tool whose registration lost AGS, even with a live token', async () => {
      const lost = await f.createTool(true, { ags: [], nrps: false, deepLinking: false })
      await f.stores.links.createLink({
        contextId: w.a,
        toolId: lost.id,
        title: 'Old activity',
        customParameters: {},
      })
      const res = await f.call(`/${w.a}/lineitems`, await f.token([SCOPE.agsLineItem], lost))
      expect(await errorOf(res)).toEqual([403, 'LTI_SERVICE_NOT_ENABLED'])
    })

    it('refuses stale scores with 409 and keeps the newest, to the microsecond', async () => {
      const auth = await f.token([SCOPE.agsScore])
      const at = (micro: string) => `2027-05-01T10:00:00.000${micro}Z`
      const send = (timestamp: string, scoreGiven: number) =>
        postScore(itemB, auth, { userId: w.Ada, scoreGiven, scoreMaximum: 10, timestamp })
      expect((await send(at('500'), 9)).status).toBe(204)
      expect(await errorOf(await send(at('500'), 1))).toEqual([409, 'LTI_SCORE_STALE'])
      expect((await send(at('499'), 2)).status).toBe(409)
      // The same instant as 499 µs, written with an offset.
      expect((await send('2027-05-01T12:00:00.000499+02:00', 3)).status).toBe(409)
      expect((await send(at('501'), 10)).status).toBe(204)
      const stored = await f.stores.scores.findScore(idOf(itemB), w.Ada)
      expect(stored).toMatchObject({ scoreGiven: 10, timestamp: at('501') })
    })

    it('refuses scores for users outside the context, and invalid scores', async () => {
      const auth = await f.token([SCOPE.agsScore])
      const outsider = await postScore(itemB, auth, {
        userId: w.Alan,
        scoreGiven: 1,
        scoreMaximum: 1,
      })
      expect(await errorOf(outsider)).toEqual([422, 'LTI_USER_NOT_IN_CONTEXT'])
      const invalid = await postScore(itemB, auth, {
        userId: w.Ada,
        scoreGiven: -1,
        scoreMaximum: 1,
      })
      expect(invalid.status).toBe(400)
      const { error } = await invalid.json()
      expect(error.code).toBe('LTI_SCORE_INVALID')
      expect(Object.keys(error.fields)).toEqual(['scoreGiven'])
      const send = (rawBody: string) =>
        f.call(`${itemB}/scores`, auth, { method: 'POST', type: MEDIA_TYPE.score, rawBody })
      expect(await errorOf(await send('{"userId":'))).toEqual([400, 'LTI_BODY_MALFORMED'])
      expect(await errorOf(await send('"a string"'))).toEqual([400, 'LTI_SCORE_INVALID'])
    })

    it('pages the line items container with Link headers and filters it', async () => {
      const auth = await f.token([SCOPE.agsLineItem])
      for (let i = 2; i <= 5; i++) {
        const tag = i % 2 === 0 ? 'even' : 'odd'
        const body = { label: `Quiz ${i}`, scoreMaximum: i, tag, resourceId: `quiz-${i}` }
        expect((await createItem(w.a, auth, body)).status).toBe(201)
      }
      const seen: string[] = []
      let next: string | undefined = `${SERVICE_PUBLIC_URL}/lti/contexts/${w.a}/lineitems?limit=2`
      let pages = 0
      while (next) {
        const res = await f.call(next, auth)
        const page = await res.json()
        expect(page.length).toBeLessThanOrEqual(2)
        seen.push(...page.map((i: { label: string }) => i.label))
        next = findLink(res.headers.get('link'), 'next')
        pages += 1
      }
      expect(pages).toBe(3)
      // All created at the same instant: the store's order (then by ID) holds across pages.
      expect(seen.sort()).toEqual(['Quiz 1', 'Quiz 2', 'Quiz 3', 'Quiz 4', 'Quiz 5'])
      const labels = async (query: string) => {
        const page = await (await f.call(`/${w.a}/lineitems?${query}`, auth)).json()
        return page.map((i: { label: string }) => i.label).sort()
      }
      expect(await labels('tag=even')).toEqual(['Quiz 2', 'Quiz 4'])
      expect(await labels('resource_id=quiz-3')).toEqual(['Quiz 3'])
      expect(await labels(`resource_link_id=${w.rlA}`)).toEqual(['Quiz 1'])
      expect(await labels(`resource_link_id=${w.rlB}`)).toEqual([])
      const evenPage = await f.call(`/${w.a}/lineitems?tag=even&limit=1`, auth)
      expect(findLink(evenPage.headers.get('link'), 'next')).toBe(
        `${SERVICE_PUBLIC_URL}/lti/contexts/${w.a}/lineitems?tag=even&limit=1&offset=1`,
      )
      expect(await errorOf(await f.call(`/${w.a}/lineitems?limit=0`, auth))).toEqual([
        400,
        'LTI_REQUEST_INVALID',
      ])
    })

    it('pages results', async () => {
      const score = await f.token([SCOPE.agsScore])
      const posted = await postScore(itemA, score, {
        userId: w.Tim,
        scoreGiven: 1,
        scoreMaximum: 2,
      })
      expect(posted.status).toBe(204)
      const auth = await f.token([SCOPE.agsResultReadonly])
      const first = await f.call(`${itemA}/results?limit=2`, auth)
      const next = findLink(first.headers.get('link'), 'next')
      expect(next).toBeDefined()
      const second = await f.call(next as string, auth)
      expect(findLink(second.headers.get('link'), 'next')).toBeUndefined()
      const users = [...(await first.json()), ...(await second.json())].map((r) => r.userId)
      expect(users.sort()).toEqual([w.Ada, w.Alan, w.Tim].sort())
    })

    it('updates a line item in place and refuses moving it to another link', async () => {
      const auth = await f.token([SCOPE.agsLineItem])
      const put = (body: unknown) =>
        f.call(itemA, auth, { method: 'PUT', type: MEDIA_TYPE.lineItem, body })
      const change = { label: 'Quiz 1 (final)', scoreMaximum: 100, resourceLinkId: w.rlA }
      const updated = await put({ id: itemA, ...change, tag: 'final' })
      expect(updated.status).toBe(200)
      expect(await updated.json()).toEqual({ id: itemA, ...change, tag: 'final' })
      // Results follow the new maximum: 0.7 of 1 is now 70 of 100.
      const reader = await f.token([SCOPE.agsResultReadonly])
      const results = await (await f.call(`${itemA}/results?user_id=${w.Ada}`, reader)).json()
      expect(results[0]).toMatchObject({ resultScore: 70, resultMaximum: 100 })
      const moved = await put({ ...change, resourceLinkId: w.rlB })
      expect(moved.status).toBe(400)
      expect((await moved.json()).error.fields).toHaveProperty('resourceLinkId')
      expect(await errorOf(await put({ label: '', scoreMaximum: 100 }))).toEqual([
        400,
        'LTI_LINE_ITEM_INVALID',
      ])
    })

    it('deletes a line item with its results and unbinds its link', async () => {
      const auth = await f.token([SCOPE.agsLineItem])
      expect((await f.call(itemA, auth, { method: 'DELETE' })).status).toBe(204)
      expect((await f.call(itemA, auth)).status).toBe(404)
      expect((await f.call(itemA, auth, { method: 'DELETE' })).status).toBe(404)
      expect((await f.stores.links.findLink(w.linkA))?.lineItemId).toBeUndefined()
      expect(await f.stores.scores.listScores(idOf(itemA), { limit: 10, offset: 0 })).toEqual([])
    })

    it("refuses a line item for a link that is not the tool's in this context", async () => {
      const auth = await f.token([SCOPE.agsLineItem])
      const res = await createItem(w.a, auth, {
        label: 'X',
        scoreMaximum: 1,
        resourceLinkId: w.rlB,
      })
      expect(res.status).toBe(400)
      expect((await res.json()).error).toMatchObject({
        code: 'LTI_LINE_ITEM_INVALID',
        fields: { resourceLinkId: expect.any(String) },
      })
    })
  })
}
