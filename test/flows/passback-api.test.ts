/**
 * End to end through the tool server: an LMS launch into a scenario opens an attempt, the host
 * product reports a result through the attempts API, and the score arrives at the LMS's AGS
 * endpoint, signed in with the workspace's key. Also: validation, not-applicable attempts,
 * failure and manual retry, and a tool killed between acknowledging a result and posting it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLAIM, MEDIA_TYPE } from '../../src/core/claims.js'
import { startToolServer } from '../../src/bin/tool-server.js'
import { generateSecretKey } from '../../src/core/security/secret-box.js'
import { DIALECTS } from '../support/databases.js'
import { startLmsEmulator } from '../support/lms-emulator.js'
import type { LmsEmulator } from '../support/lms-emulator.js'
import type { AgsEmulator } from '../support/lms-emulator-ags.js'
import { ADMIN_TOKEN, connectEmulatorWithAgs, startTestTool } from '../support/tool-harness.js'
import type { ConnectedWorkspace, TestTool } from '../support/tool-harness.js'

const CONTEXT = 'context-1'

for (const dialect of DIALECTS) {
  describe(`attempts API and grade passback on ${dialect}`, () => {
    let tool: TestTool
    let lms: LmsEmulator
    let ags: AgsEmulator
    let ws: ConnectedWorkspace
    let lineitem: string

    beforeAll(async () => {
      tool = await startTestTool(dialect)
      lms = await startLmsEmulator()
      // The emulated LMS's token endpoint is the AGS emulator's.
      ;({ ws, ags } = await connectEmulatorWithAgs(tool, lms))
      lineitem = ags.addLineItem(CONTEXT, {
        label: 'Negotiation basics',
        scoreMaximum: 10,
        resourceLinkId: 'resource-link-1',
      })
    })
    afterAll(async () => {
      await ags?.close()
      await lms?.close()
      await tool?.close()
    })

    async function launch(sub: string, agsClaim?: Record<string, unknown>) {
      const { launchResponse } = await lms.launch({
        loginUrl: ws.endpoints.oidcLoginUrl,
        targetLinkUri: ws.endpoints.launchUrl,
        scenarioId: ws.scenario.slug,
        sub,
        claims: (c) => ({ ...c, ...(agsClaim ? { [CLAIM.agsEndpoint]: agsClaim } : {}) }),
      })
      expect(launchResponse.status).toBe(303)
      const members = (await tool.api(`/workspaces/${ws.slug}/members`)).body as {
        id: string
        identities: { sub: string }[]
      }[]
      const member = members.find((m) => m.identities.some((i) => i.sub === sub))
      const list = await tool.api(
        `/workspaces/${ws.slug}/attempts?memberId=${member?.id}&scenario=${ws.scenario.slug}`,
      )
      expect(list.status).toBe(200)
      expect(list.body).toHaveLength(1)
      return list.body[0] as { id: string; [key: string]: unknown }
    }

    const attemptApi = (id: string, path = '', init?: Parameters<TestTool['api']>[1]) =>
      tool.api(`/workspaces/${ws.slug}/attempts/${id}${path}`, init)

    it('posts a reported result to the LMS gradebook, scaled, once per improvement', async () => {
      const attempt = await launch('e2e-ada', ags.claim(CONTEXT, { lineitem }))
      expect(attempt).toMatchObject({
        scenarioId: ws.scenario.id,
        resourceLinkId: 'resource-link-1',
        platformId: ws.platformId,
        results: [],
        bestScore: null,
        passback: null,
      })
      for (const score of [60, 80, 70]) {
        const posted = await attemptApi(attempt.id, '/results', {
          method: 'POST',
          body: { score },
        })
        expect(posted.status).toBe(202)
        expect(posted.body).toMatchObject({ result: { score }, passback: { status: 'pending' } })
        await tool.server.passback.drain()
      }
      const mine = ags.scores.filter((s) => s.score.userId === 'e2e-ada')
      expect(mine.map((s) => [s.lineItemUrl, s.score.scoreGiven, s.score.scoreMaximum])).toEqual([
        [lineitem, 6, 10],
        [lineitem, 8, 10],
      ])
      expect(mine[0]?.contentType).toBe(MEDIA_TYPE.score)
      const read = await attemptApi(attempt.id)
      expect(read.body).toMatchObject({
        results: [{ score: 60 }, { score: 80 }, { score: 70 }],
        bestScore: 80,
        passback: { status: 'posted', postedScore: 80, attempts: 1 },
      })
    })

    it('opens attempts for launches into a scenario only, and filters by scenario', async () => {
      const before = (await tool.api(`/workspaces/${ws.slug}/attempts`)).body.length
      const { launchResponse } = await lms.launch({
        loginUrl: ws.endpoints.oidcLoginUrl,
        targetLinkUri: ws.endpoints.launchUrl,
        sub: 'e2e-no-scenario',
      })
      expect(launchResponse.status).toBe(303)
      expect((await tool.api(`/workspaces/${ws.slug}/attempts`)).body).toHaveLength(before)
      const attempt = await launch('e2e-twice')
      // A second launch resumes the same attempt.
      expect((await launch('e2e-twice')).id).toBe(attempt.id)
      expect((await tool.api(`/workspaces/${ws.slug}/attempts?scenario=nope`)).body).toEqual([])
      const byId = await tool.api(`/workspaces/${ws.slug}/attempts?scenario=${ws.scenario.id}`)
      expect(byId.body.map((a: { id: string }) => a.id)).toContain(attempt.id)
    })

    it('refuses scores outside 0..100, non-numbers and unknown attempts with a code', async () => {
      const attempt = await launch('e2e-validate', ags.claim(CONTEXT, { lineitem }))
      for (const body of [{ score: 101 }, { score: -1 }, { score: '80' }, {}, { score: 5, x: 1 }]) {
        const answer = await attemptApi(attempt.id, '/results', { method: 'POST', body })
        expect(answer.status).toBe(400)
        expect(answer.body.error.code).toBe('LTI_SCORE_INVALID')
      }
      const unknown = await attemptApi('no-such-attempt', '/results', {
        method: 'POST',
        body: { score: 50 },
      })
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'LTI_ATTEMPT_NOT_FOUND'])
      const retry = await attemptApi('no-such-attempt', '/passback/retry', { method: 'POST' })
      expect(retry.body.error.code).toBe('LTI_ATTEMPT_NOT_FOUND')
      const anonymous = await attemptApi(attempt.id, '', { token: null })
      expect(anonymous.status).toBe(401)
      expect((await attemptApi(attempt.id)).body.results).toEqual([])
    })

    it('shows a launch without AGS as not applicable, and refuses a passback retry for it', async () => {
      const attempt = await launch('e2e-no-ags')
      expect(attempt.passback).toMatchObject({ status: 'not-applicable' })
      const posted = await attemptApi(attempt.id, '/results', {
        method: 'POST',
        body: { score: 90 },
      })
      expect(posted.status).toBe(202)
      expect(posted.body.passback).toEqual({ status: 'not-applicable' })
      await tool.server.passback.drain()
      expect((await attemptApi(attempt.id)).body).toMatchObject({
        bestScore: 90,
        passback: { status: 'not-applicable', lastError: { code: 'LTI_AGS_NOT_AVAILABLE' } },
      })
      const retry = await attemptApi(attempt.id, '/passback/retry', { method: 'POST' })
      expect([retry.status, retry.body.error.code]).toEqual([409, 'LTI_AGS_NOT_AVAILABLE'])
      expect(ags.scores.some((s) => s.score.userId === 'e2e-no-ags')).toBe(false)
    })

    it('shows a failure with the LMS answer, and posts on a manual retry', async () => {
      const attempt = await launch('e2e-test-student', ags.claim(CONTEXT, { lineitem }))
      ags.notInCourse.add('e2e-test-student')
      await attemptApi(attempt.id, '/results', { method: 'POST', body: { score: 75 } })
      await tool.server.passback.drain()
      expect((await attemptApi(attempt.id)).body.passback).toEqual({
        status: 'failed',
        attempts: 1,
        lastError: {
          code: 'LTI_AGS_LEARNER_NOT_IN_COURSE',
          message: 'HTTP 422: {"error":"user not found in course"}',
        },
      })
      ags.notInCourse.delete('e2e-test-student')
      const retry = await attemptApi(attempt.id, '/passback/retry', { method: 'POST' })
      expect([retry.status, retry.body]).toEqual([202, { requeued: 1 }])
      await tool.server.passback.drain()
      expect((await attemptApi(attempt.id)).body.passback).toMatchObject({
        status: 'posted',
        postedScore: 75,
      })
      expect(ags.scores.filter((s) => s.score.userId === 'e2e-test-student')).toHaveLength(1)
    })

    it('posts a result acknowledged by a tool that was killed before posting it', async () => {
      const attempt = await launch('e2e-crash', ags.claim(CONTEXT, { lineitem }))
      // An instance without a running worker stands for one killed right after its 202.
      const doomed = await startToolServer({
        config: {
          port: 0,
          publicUrl: tool.server.url,
          databaseUrl: tool.database.url,
          adminToken: ADMIN_TOKEN,
          dev: true,
          clockSkewSeconds: 5,
          logLevel: 'silent',
          encryptionKeys: [generateSecretKey()],
          databasePoolSize: 2,
          passback: { enabled: false },
        },
      })
      const answer = await fetch(
        `http://127.0.0.1:${doomed.port}/api/workspaces/${ws.slug}/attempts/${attempt.id}/results`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ score: 95 }),
        },
      )
      expect(answer.status).toBe(202)
      await doomed.close()
      expect(ags.scores.some((s) => s.score.userId === 'e2e-crash')).toBe(false)
      await tool.server.passback.drain()
      expect(
        ags.scores.filter((s) => s.score.userId === 'e2e-crash').map((s) => s.score.scoreGiven),
      ).toEqual([9.5])
    })
  })
}
