/**
 * LTI 1.1 launches into the tool: an OAuth 1.0a signed form POST provisions the learner under
 * (`urn:lti11:<key>`, `user_id`) and lands them in the scenario; every refused launch shows the
 * error page with a correlation ID, is in the launch log with its code, and provisions nobody.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLE } from '../../src/core/claims.js'
import { signOAuth1Request } from '../../src/core/lti11/sign-oauth1-request.js'
import { DIALECTS } from '../support/databases.js'
import { startConnectedTool } from '../support/tool-harness.js'
import type { ConnectedTool } from '../support/tool-harness.js'

const KEY = 'legacy-lms'
const SECRET = 'legacy-secret'

describe.each(DIALECTS)('tool LTI 1.1 launch on %s', (dialect) => {
  let connected: ConnectedTool
  let launchUrl: string

  beforeAll(async () => {
    connected = await startConnectedTool(dialect)
    const stored = await connected.tool.api(`/workspaces/${connected.ws.slug}/lti11/consumers`, {
      method: 'POST',
      body: { consumerKey: KEY, sharedSecret: SECRET },
    })
    expect(stored.status).toBe(201)
    launchUrl = (await connected.tool.api(`/workspaces/${connected.ws.slug}/lti11/endpoints`)).body
      .launchUrl
  })
  afterAll(() => connected?.close())

  interface SignOptions {
    url?: string
    key?: string
    secret?: string
    timestamp?: number
    nonce?: string
  }

  const sign = (params: Record<string, string>, options: SignOptions = {}) =>
    signOAuth1Request({
      method: 'POST',
      url: options.url ?? launchUrl,
      params: Object.entries({
        lti_message_type: 'basic-lti-launch-request',
        lti_version: 'LTI-1p0',
        resource_link_id: 'link-1',
        roles: 'Learner',
        ...params,
      }),
      consumerKey: options.key ?? KEY,
      consumerSecret: options.secret ?? SECRET,
      nonce: options.nonce ?? randomUUID(),
      timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
    })

  const post = (fields: [string, string][], url = launchUrl) =>
    fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams(fields).toString(),
    })

  const members = async () =>
    (await connected.tool.api(`/workspaces/${connected.ws.slug}/members`)).body as {
      id: string
      name?: string
      identities: { issuer: string; sub: string }[]
    }[]
  const logEntry = async (response: Response) => {
    const correlationId = response.headers.get('x-correlation-id')
    const log = await connected.tool.api(
      `/workspaces/${connected.ws.slug}/lti/launches/${correlationId}`,
    )
    return log.body
  }
  const ownersOf = async (userId: string) =>
    (await members()).filter((m) =>
      m.identities.some((i) => i.issuer === `urn:lti11:${KEY}` && i.sub === userId),
    )

  it('provisions the learner under the 1.1 identity and opens the scenario', async () => {
    const response = await post(
      await sign({
        user_id: 'u-100',
        lis_person_name_full: 'Lea Legacy',
        lis_person_contact_email_primary: 'lea@example.edu',
        custom_scenario_id: connected.ws.scenario.slug,
      }),
    )
    expect(response.status).toBe(303)
    const location = response.headers.get('location') as string
    expect(location).toMatch(
      new RegExp(`^/play/${connected.ws.workspaceId}/${connected.ws.scenario.id}\\?session=`),
    )
    expect(response.headers.get('set-cookie')).toMatch(/ltikit_session=.*HttpOnly/)
    const page = await fetch(connected.tool.server.url + location)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Negotiation basics')

    const [member] = await ownersOf('u-100')
    expect(member).toMatchObject({
      name: 'Lea Legacy',
      email: 'lea@example.edu',
      lmsRoles: [ROLE.learner],
    })
    const entry = await logEntry(response)
    expect(entry).toMatchObject({
      outcome: 'success',
      issuer: `urn:lti11:${KEY}`,
      messageType: 'basic-lti-launch-request',
      memberId: member!.id,
      scenarioId: connected.ws.scenario.id,
    })
    expect(entry.claims).toMatchObject({
      oauth_signature: '[redacted]',
      oauth_nonce: '[redacted]',
      lis_person_name_full: '[redacted]',
      user_id: 'u-100',
    })
    expect(JSON.stringify(entry)).not.toContain('lea@example.edu')
  })

  it('finds the same member on the next launch, and opens the list without a scenario', async () => {
    const response = await post(await sign({ user_id: 'u-100' }))
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toMatch(
      new RegExp(`^/play/${connected.ws.workspaceId}\\?session=`),
    )
    expect(await ownersOf('u-100')).toHaveLength(1)
  })

  it('verifies a launch URL configured with a query string', async () => {
    const url = `${launchUrl}?tenant=a%20b`
    const response = await post(await sign({ user_id: 'u-101' }, { url }), url)
    expect(response.status).toBe(303)
  })

  const refusals: [string, () => Promise<[string, string][]>, string][] = [
    [
      'a wrong secret',
      () => sign({ user_id: 'u-bad' }, { secret: 'guessed' }),
      'LTI11_SIGNATURE_INVALID',
    ],
    [
      'an unknown consumer key',
      () => sign({ user_id: 'u-bad' }, { key: 'stranger' }),
      'LTI11_CONSUMER_UNKNOWN',
    ],
    [
      'a stale timestamp',
      () => sign({ user_id: 'u-bad' }, { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
      'LTI11_TIMESTAMP_STALE',
    ],
    [
      'a parameter changed after signing',
      async () =>
        (await sign({ user_id: 'u-good' })).map(([k, v]): [string, string] =>
          k === 'user_id' ? [k, 'u-bad'] : [k, v],
        ),
      'LTI11_SIGNATURE_INVALID',
    ],
    [
      'another message type',
      () => sign({ user_id: 'u-bad', lti_message_type: 'ContentItemSelectionRequest' }),
      'LTI11_LAUNCH_PARAMETER_INVALID',
    ],
    ['no user_id', () => sign({}), 'LTI11_LAUNCH_PARAMETER_MISSING'],
    [
      'an unknown scenario',
      () => sign({ user_id: 'u-bad', custom_scenario_id: 'no-such-scenario' }),
      'LTI_SCENARIO_UNKNOWN',
    ],
  ]

  it.each(refusals)(
    'refuses %s: error page, log entry, nobody provisioned',
    async (_, fields, code) => {
      const before = (await members()).length
      const response = await post(await fields())
      expect(response.status).toBeGreaterThanOrEqual(400)
      const correlationId = response.headers.get('x-correlation-id') as string
      const html = await response.text()
      expect(response.headers.get('content-type')).toMatch(/text\/html/)
      expect(html).toContain(correlationId)
      expect(html).not.toContain(SECRET)
      expect(await logEntry(response)).toMatchObject({ outcome: 'failure', errorCode: code })
      expect(await members()).toHaveLength(before)
      expect(await ownersOf('u-bad')).toEqual([])
    },
  )

  it('refuses a replayed launch', async () => {
    const fields = await sign({ user_id: 'u-102' })
    expect((await post(fields)).status).toBe(303)
    const replay = await post(fields)
    expect(replay.status).toBe(401)
    expect(await logEntry(replay)).toMatchObject({
      outcome: 'failure',
      errorCode: 'LTI11_NONCE_REPLAYED',
      issuer: `urn:lti11:${KEY}`,
    })
    expect(await ownersOf('u-102')).toHaveLength(1)
  })

  it('refuses a workspace slug in place of its ID', async () => {
    const url = launchUrl.replace(connected.ws.workspaceId, connected.ws.slug)
    const response = await post(await sign({ user_id: 'u-103' }, { url }), url)
    expect(response.status).toBe(404)
  })
})
