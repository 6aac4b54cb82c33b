/**
 * The learner's scenario player through the tool server: a launch lands on the briefing, the
 * learner plays with form posts only (no cookie: the session is in the URLs), the end records the
 * score in the attempt the launch opened, and the passback worker posts it to the LMS (best of
 * N). Also: replay, a reload of the last step, tampered plays, practice runs, no grade service,
 * a scenario without a script and one edited mid-play.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLAIM } from '../../src/core/claims.js'
import { demoScript } from '../../src/bin/demo-seed.js'
import { DIALECTS } from '../support/databases.js'
import { startLmsEmulator } from '../support/lms-emulator.js'
import type { LmsEmulator } from '../support/lms-emulator.js'
import type { AgsEmulator } from '../support/lms-emulator-ags.js'
import { COLD_CALL_60, COLD_CALL_80, smallScript } from '../support/scenario-scripts.js'
import {
  hiddenValue,
  playerClient,
  testIdAttribute,
  testIdText,
} from '../support/scenario-player-client.js'
import type { PlayerPage } from '../support/scenario-player-client.js'
import { connectEmulatorWithAgs, startTestTool } from '../support/tool-harness.js'
import type { ConnectedWorkspace, TestTool } from '../support/tool-harness.js'

const CONTEXT = 'context-player'
const JSON_ACCEPT = { accept: 'application/json' }

describe.each(DIALECTS)('scenario player on %s', (dialect) => {
  let tool: TestTool
  let lms: LmsEmulator
  let ags: AgsEmulator
  let ws: ConnectedWorkspace
  let lineitem: string
  let counter = 0

  beforeAll(async () => {
    tool = await startTestTool(dialect)
    lms = await startLmsEmulator()
    // The emulated LMS's token endpoint is the AGS emulator's.
    ;({ ws, ags } = await connectEmulatorWithAgs(tool, lms))
    lineitem = ags.addLineItem(CONTEXT, {
      label: 'Cold call',
      scoreMaximum: 10,
      resourceLinkId: 'resource-link-1',
    })
    const scripted = await tool.api(`/workspaces/${ws.slug}/scenarios`, {
      method: 'POST',
      body: {
        slug: 'cold-call-objections',
        title: 'Handling objections on a cold call',
        script: demoScript('cold-call-objections'),
      },
    })
    expect(scripted.status).toBe(201)
  })
  afterAll(async () => {
    await ags?.close()
    await lms?.close()
    await tool?.close()
  })

  const client = () => playerClient(tool.server.url)

  /** A launch of a new learner into `scenarioId`; its briefing page and attempt ID. */
  async function launch(
    scenarioId: string | undefined,
    options: { grades?: boolean; sub?: string } = {},
  ) {
    const sub = options.sub ?? `player-${++counter}`
    const { launchResponse } = await lms.launch({
      loginUrl: ws.endpoints.oidcLoginUrl,
      targetLinkUri: ws.endpoints.launchUrl,
      sub,
      ...(scenarioId ? { scenarioId } : {}),
      claims: (c) => ({
        ...c,
        ...(options.grades === false
          ? {}
          : { [CLAIM.agsEndpoint]: ags.claim(CONTEXT, { lineitem }) }),
      }),
    })
    expect(launchResponse.status).toBe(303)
    const location = launchResponse.headers.get('location') as string
    const briefing = await client().open(location)
    return { sub, location, briefing }
  }

  async function attemptOf(sub: string) {
    const members = (await tool.api(`/workspaces/${ws.slug}/members`)).body as {
      id: string
      identities: { sub: string }[]
    }[]
    const member = members.find((m) => m.identities.some((i) => i.sub === sub))
    const list = await tool.api(`/workspaces/${ws.slug}/attempts?memberId=${member?.id}`)
    return list.body as { id: string; results: { score: number }[]; bestScore: number | null }[]
  }

  const scoresOf = (sub: string) =>
    ags.scores.filter((s) => s.score.userId === sub).map((s) => s.score.scoreGiven)

  it('lands on the briefing with a Start button, frameable by the LMS, with no script allowed', async () => {
    const { briefing } = await launch('cold-call-objections')
    expect(briefing.status).toBe(200)
    expect(testIdText(briefing.html, 'scenario-title')).toBe('Handling objections on a cold call')
    expect(testIdText(briefing.html, 'persona-name')).toBe('Dana Whitfield')
    expect(briefing.html).toContain('data-testid="start"')
    const csp = briefing.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'none'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toMatch(/script-src/)
    expect(csp).toMatch(/frame-ancestors 'self' /)
    expect(csp).toContain(new URL(lms.authenticationRequestUrl).origin)
    expect(briefing.headers.get('x-frame-options')).toBeNull()
    // The inline style sheet is the one the CSP's hash allows.
    const style = /<style>([\s\S]*?)<\/style>/.exec(briefing.html)?.[1] ?? ''
    const hash = createHash('sha256').update(style).digest('base64')
    expect(csp).toContain(`'sha256-${hash}'`)
  })

  it('plays to 80, records it once and posts it; a replay to 60 leaves the grade at 80', async () => {
    const { sub, briefing } = await launch('cold-call-objections')
    const pages = await client().play(briefing, COLD_CALL_80)
    for (const page of pages.slice(0, -1)) {
      expect(page.status).toBe(200)
      expect(page.html).toMatch(/data-testid="reply-c\d-/)
    }
    // The conversation so far: the learner's replies are shown.
    expect(pages[3]!.html.match(/data-testid="my-reply"/g)).toHaveLength(3)
    const end = pages.at(-1)!
    expect(end.status).toBe(200)
    expect(testIdText(end.html, 'final-score')).toBe('80')
    expect(testIdText(end.html, 'feedback-title')).toBe('Solid call, with room to sharpen')
    expect(testIdAttribute(end.html, 'passback-status', 'state')).toBe('sent')
    expect(testIdText(end.html, 'passback-status')).toBe(
      'Your score is saved and on its way to your course gradebook, which keeps your best score.',
    )
    expect(end.html).toContain('data-testid="play-again"')

    const [attempt] = await attemptOf(sub)
    expect(attempt?.results.map((r) => r.score)).toEqual([80])
    await tool.server.passback.drain()
    expect(scoresOf(sub)).toEqual([8])

    const replay = await client().play(end, COLD_CALL_60)
    const last = replay.at(-1)!
    expect(testIdText(last.html, 'final-score')).toBe('60')
    expect(testIdText(last.html, 'feedback-title')).toBe('The door is still ajar')
    expect(testIdText(last.html, 'best-score')).toMatch(/best score in this activity: 80\./)
    await tool.server.passback.drain()
    expect(scoresOf(sub)).toEqual([8])
    expect((await attemptOf(sub))[0]).toMatchObject({
      results: [{ score: 80 }, { score: 60 }],
      bestScore: 80,
    })
  })

  it('records a reloaded last step once', async () => {
    const { sub, briefing } = await launch('cold-call-objections')
    const pages = await client().play(briefing, COLD_CALL_80.slice(0, -1))
    const lastStep = pages.at(-1)!
    const first = await client().reply(lastStep, COLD_CALL_80.at(-1)!)
    const again = await client().reply(lastStep, COLD_CALL_80.at(-1)!)
    expect(testIdAttribute(first.html, 'passback-status', 'state')).toBe('sent')
    expect(again.status).toBe(200)
    expect(testIdText(again.html, 'final-score')).toBe('80')
    expect(testIdAttribute(again.html, 'passback-status', 'state')).toBe('already-recorded')
    expect((await attemptOf(sub))[0]?.results).toHaveLength(1)
  })

  it('refuses an altered play, a reply not offered, and another learner’s play', async () => {
    const { sub, briefing } = await launch('cold-call-objections')
    const step = await client().start(briefing)
    const json = playerClient(tool.server.url, JSON_ACCEPT)
    const altered = await json.reply(step, 'c1-permission', (fields) => {
      const [body, mac] = (fields.get('play') ?? '').split('.')
      const payload = JSON.parse(Buffer.from(body!, 'base64url').toString())
      payload.p = ['c1-permission', 'c2-curious', 'c3-dig', 'c4-reframe']
      fields.set('play', `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${mac}`)
    })
    expect(altered.status).toBe(400)
    expect(JSON.parse(altered.html).error.code).toBe('LTI_SCENARIO_PLAY_INVALID')

    const skipped = await json.reply(step, 'c1-permission', (fields) =>
      fields.set('reply', 'c5-close'),
    )
    expect(skipped.status).toBe(400)
    expect(JSON.parse(skipped.html).error.code).toBe('LTI_SCENARIO_PLAY_INVALID')

    const other = await launch('cold-call-objections')
    const stolen = await json.reply(step, 'c1-permission')
    expect(stolen.status).toBe(200)
    const borrowed = await playerClient(tool.server.url, JSON_ACCEPT).reply(
      {
        ...step,
        html: step.html.replace(
          /\/reply\?session=[^"#]+/,
          `/reply?session=${sessionOf(other.location)}`,
        ),
      },
      'c1-permission',
    )
    expect(borrowed.status).toBe(400)
    expect(JSON.parse(borrowed.html).error.code).toBe('LTI_SCENARIO_PLAY_INVALID')
    expect((await attemptOf(sub))[0]?.results).toEqual([])
  })

  it('refuses a cross-site post', async () => {
    const { briefing } = await launch('cold-call-objections')
    const evil = playerClient(tool.server.url, { origin: 'https://evil.example', ...JSON_ACCEPT })
    const refused = await evil.start(briefing)
    expect(refused.status).toBe(400)
    expect(JSON.parse(refused.html).error.code).toBe('LTI_REQUEST_INVALID')
  })

  it('keeps the result but sends no grade when the launch granted no grade service', async () => {
    const { sub, briefing } = await launch('cold-call-objections', { grades: false })
    const end = (await client().play(briefing, COLD_CALL_80)).at(-1)!
    expect(testIdAttribute(end.html, 'passback-status', 'state')).toBe('not-sent')
    const [attempt] = await attemptOf(sub)
    expect(attempt?.results.map((r) => r.score)).toEqual([80])
    const read = await tool.api(`/workspaces/${ws.slug}/attempts/${attempt?.id}`)
    expect(read.body.passback).toMatchObject({ status: 'not-applicable' })
  })

  it('plays without recording when the session has no attempt in this scenario', async () => {
    const { sub, location } = await launch(undefined)
    const list = await client().open(location)
    expect(list.html).toContain('data-testid="scenario-list"')
    const briefing = await client().open(
      `/play/${ws.workspaceId}/cold-call-objections?session=${sessionOf(location)}`,
    )
    expect(briefing.status).toBe(200)
    const end = (await client().play(briefing, COLD_CALL_60)).at(-1)!
    expect(testIdText(end.html, 'final-score')).toBe('60')
    expect(testIdAttribute(end.html, 'passback-status', 'state')).toBe('practice')
    expect(await attemptOf(sub)).toEqual([])
  })

  it('says so when the scenario has no script yet', async () => {
    const { briefing } = await launch(ws.scenario.slug)
    expect(briefing.status).toBe(200)
    expect(briefing.html).toContain('data-testid="no-script"')
    expect(briefing.html).toContain('This scenario has no script yet')
    expect(briefing.html).not.toContain('data-testid="start"')
  })

  it('starts again when the script changes during a play', async () => {
    const created = await tool.api(`/workspaces/${ws.slug}/scenarios`, {
      method: 'POST',
      body: { slug: `edited-${dialect}`, title: 'Edited', script: smallScript() },
    })
    expect(created.status).toBe(201)
    const { sub, briefing } = await launch(`edited-${dialect}`)
    const step = await client().start(briefing)
    const changed = { ...smallScript(), briefing: 'A new briefing.' }
    const put = await tool.api(`/workspaces/${ws.slug}/scenarios/edited-${dialect}`, {
      method: 'PUT',
      body: { script: changed },
    })
    expect(put.status).toBe(200)
    const restart = await client().reply(step, 'a')
    expect(restart.status).toBe(200)
    expect(restart.html).toContain('data-testid="play-restart"')
    const again = (await client().play(restart, ['a', 'c'])).at(-1)!
    expect(testIdText(again.html, 'final-score')).toBe('100')
    expect((await attemptOf(sub))[0]?.results.map((r) => r.score)).toEqual([100])
  })

  it('bounds the form body of the player', async () => {
    const { briefing } = await launch('cold-call-objections')
    const step: PlayerPage = await client().start(briefing)
    const tooLarge = await playerClient(tool.server.url, JSON_ACCEPT).reply(
      step,
      'c1-permission',
      (f) => f.set('padding', 'x'.repeat(20_000)),
    )
    expect(tooLarge.status).toBe(413)
    expect(hiddenValue(step.html, 'play')).toMatch(/^[\w-]+\.[\w-]+$/)
  })
})

function sessionOf(location: string): string {
  return new URL(location, 'http://tool.invalid').searchParams.get('session') ?? ''
}
