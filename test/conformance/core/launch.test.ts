/**
 * The 1EdTech tool certification payloads and the attacks beyond them, each driven as a full
 * OIDC login + launch over real HTTP against the running tool server, on every dialect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../support/databases.js'
import { CERTIFICATION_PAYLOADS, SECURITY_PAYLOADS } from '../../support/lms-emulator.js'
import type { LaunchOptions } from '../../support/lms-emulator.js'
import { launchLogCode, startConnectedTool } from '../../support/tool-harness.js'
import type { ConnectedTool, ConnectedWorkspace, TestTool } from '../../support/tool-harness.js'
import { ATTACK_CASES, PAYLOAD_OUTCOMES } from './launch.cases.js'

const PAYLOADS = [...CERTIFICATION_PAYLOADS, ...SECURITY_PAYLOADS]

describe.each(DIALECTS)('launch conformance on %s', (dialect) => {
  let tool: TestTool
  let ws: ConnectedWorkspace
  let connected: ConnectedTool

  beforeAll(async () => {
    connected = await startConnectedTool(dialect)
    ;({ tool, ws } = connected)
  })
  afterAll(() => connected?.close())

  const launch = (options: Partial<LaunchOptions>) =>
    connected.launch({ scenarioId: ws.scenario.slug, ...options })

  it('pairs every payload row with an expected outcome', () => {
    for (const row of PAYLOADS) {
      const expected = row.valid ? 'accept' : PAYLOAD_OUTCOMES[row.name]
      expect(expected, row.name).toBeDefined()
    }
  })

  it.each(PAYLOADS.map((row) => [row.name, row] as const))('%s', async (_, row) => {
    const { launchResponse } = await launch({ variant: row.name })
    if (row.valid) {
      expect(launchResponse.status, await launchResponse.clone().text()).toBe(303)
      expect(launchResponse.headers.get('location')).toMatch(/^\/play\//)
      expect((await launchLogCode(tool, ws, launchResponse))?.outcome).toBe('success')
      return
    }
    const expected = PAYLOAD_OUTCOMES[row.name]
    expect(launchResponse.status).toBeGreaterThanOrEqual(400)
    expect(launchResponse.status).toBeLessThan(500)
    const page = await launchResponse.text()
    const correlationId = launchResponse.headers.get('x-correlation-id') as string
    expect(page).toMatch(/We couldn(&#39;|')t launch this activity/)
    expect(page).toContain(correlationId)
    expect((await launchLogCode(tool, ws, launchResponse))?.errorCode).toBe(expected)
  })

  it.each(ATTACK_CASES.map((row) => [row.name, row] as const))('refuses %s', async (_, row) => {
    const { launchResponse } = await launch(row.options)
    expect(launchResponse.status).toBeGreaterThanOrEqual(400)
    expect((await launchLogCode(tool, ws, launchResponse))?.errorCode).toBe(row.code)
  })

  it('refuses a replayed launch (same id_token and state posted again)', async () => {
    const first = await launch({})
    expect(first.launchResponse.status).toBe(303)
    const replay = await fetch(ws.endpoints.launchUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: Object.entries(first.cookies)
          .map(([k, v]) => `${k}=${v}`)
          .join('; '),
      },
      body: new URLSearchParams({
        id_token: first.idToken,
        state: first.authRequest.get('state') as string,
      }).toString(),
      redirect: 'manual',
    })
    expect(replay.status).toBe(401)
    expect((await launchLogCode(tool, ws, replay))?.errorCode).toBe('LTI_NONCE_REPLAYED')
  })

  it('answers JSON errors to clients that ask for JSON', async () => {
    const response = await fetch(ws.endpoints.launchUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'state=abc',
    })
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.error.code).toBe('LTI_ID_TOKEN_MISSING')
    expect(body.error.correlationId).toBe(response.headers.get('x-correlation-id'))
  })
})
