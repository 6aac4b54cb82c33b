/**
 * The scenario picker: an instructor's LtiDeepLinkingRequest from the emulated LMS, the choice,
 * and the signed LtiDeepLinkingResponse a platform would receive and verify.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLAIM, LTI_VERSION, MESSAGE_TYPE } from '../../src/core/claims.js'
import { DIALECTS } from '../support/databases.js'
import { startLmsEmulator } from '../support/lms-emulator.js'
import type { LmsEmulator, LmsUser } from '../support/lms-emulator.js'
import {
  deepLinkingRequest,
  readForm,
  verifyDeepLinkingResponse,
} from '../support/lms-emulator-deep-linking.js'
import type { DeepLinkingSettingsInput, HtmlForm } from '../support/lms-emulator-deep-linking.js'
import { connectEmulator, launchLogCode, startTestTool } from '../support/tool-harness.js'
import type { ConnectedWorkspace, TestTool } from '../support/tool-harness.js'

describe.each(DIALECTS)('deep linking picker on %s', (dialect) => {
  let tool: TestTool
  let lms: LmsEmulator
  let otherLms: LmsEmulator
  let ws: ConnectedWorkspace
  let other: ConnectedWorkspace
  let second: { id: string; title: string }

  beforeAll(async () => {
    tool = await startTestTool(dialect)
    lms = await startLmsEmulator()
    ws = await connectEmulator(tool, lms)
    otherLms = await startLmsEmulator()
    other = await connectEmulator(tool, otherLms)
    second = (
      await tool.api(`/workspaces/${ws.slug}/scenarios`, {
        method: 'POST',
        body: { slug: 'salary-talk', title: 'Salary talk', description: 'Ask for a raise' },
      })
    ).body
  })
  afterAll(async () => {
    await otherLms?.close()
    await lms?.close()
    await tool?.close()
  })

  const requestPicker = async (
    settings: DeepLinkingSettingsInput = {},
    user: LmsUser = 'instructor',
  ) => {
    const result = await lms.launch({
      loginUrl: ws.endpoints.oidcLoginUrl,
      targetLinkUri: ws.endpoints.launchUrl,
      user,
      claims: deepLinkingRequest(lms.issuer, settings),
    })
    return { ...result, html: await result.launchResponse.text() }
  }

  /** Submits the picker form as the browser would; JSON errors for assertions on codes. */
  const submit = (form: HtmlForm, fields: URLSearchParams, json = false) =>
    fetch(new URL(form.action, tool.server.url), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(json ? { accept: 'application/json' } : {}),
      },
      body: fields.toString(),
    })

  const choose = (form: HtmlForm, scenarioIds: string[], extra: Record<string, string> = {}) => {
    const fields = new URLSearchParams(form.fields)
    for (const id of scenarioIds) fields.append('scenario', id)
    fields.set('action', 'select')
    for (const [name, value] of Object.entries(extra)) fields.set(name, value)
    return fields
  }

  /** Follows the auto-posting page and verifies its JWT against the workspace's JWKS. */
  const responseOf = async (response: Response) => {
    expect(response.status).toBe(200)
    const page = readForm(await response.text())
    const jwt = page.fields.get('JWT') as string
    const claims = await verifyDeepLinkingResponse(jwt, {
      toolJwksUrl: ws.endpoints.jwksUrl,
      clientId: lms.clientId,
      issuer: lms.issuer,
    })
    return { action: page.action, claims, items: claims[CLAIM.contentItems] as any[] }
  }

  it('shows an instructor the workspace scenarios, one to pick without accept_multiple', async () => {
    const { launchResponse, html } = await requestPicker({ title: 'Add practice' })
    expect(launchResponse.status).toBe(200)
    expect(launchResponse.headers.get('cache-control')).toBe('no-store')
    expect(html).toContain('Add practice')
    const form = readForm(html)
    expect(form.inputs.get('scenario')).toEqual({
      type: 'radio',
      values: [ws.scenario.id, second.id],
    })
    expect(form.inputs.has('lineItem')).toBe(true)
    expect(form.fields.get('scoreMaximum')).toBe('100')
  })

  it('signs the choice for the platform: iss, aud, deployment, data echoed, one resource link with a line item', async () => {
    const { html } = await requestPicker()
    const form = readForm(html)
    const { action, claims, items } = await responseOf(
      await submit(form, choose(form, [second.id])),
    )
    expect(action).toBe(`${lms.issuer}/deep_links/return?course=1`)
    expect(claims).toMatchObject({
      iss: lms.clientId,
      aud: lms.issuer,
      [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingResponse,
      [CLAIM.version]: LTI_VERSION,
      [CLAIM.deploymentId]: lms.deploymentId,
      [CLAIM.deepLinkingData]: 'opaque-platform-state-42',
    })
    expect(typeof claims.nonce).toBe('string')
    expect(items).toEqual([
      {
        type: 'ltiResourceLink',
        url: ws.endpoints.launchUrl,
        title: 'Salary talk',
        text: 'Ask for a raise',
        custom: { scenario_id: second.id },
        iframe: { height: 800 },
        lineItem: {
          scoreMaximum: 100,
          label: 'Salary talk',
          resourceId: second.id,
          submissionReview: {
            reviewableStatus: ['InProgress', 'Submitted', 'Completed'],
            label: 'Open the attempt',
            url: ws.endpoints.launchUrl,
            custom: { scenario_id: second.id },
          },
        },
      },
    ])
  })

  it('launches the scenario of a deep-linked item', async () => {
    const { html } = await requestPicker()
    const form = readForm(html)
    const { items } = await responseOf(await submit(form, choose(form, [ws.scenario.id])))
    const { launchResponse } = await lms.launch({
      loginUrl: ws.endpoints.oidcLoginUrl,
      targetLinkUri: items[0].url,
      scenarioId: items[0].custom.scenario_id,
    })
    expect(launchResponse.headers.get('location')).toContain(
      `/play/${ws.workspaceId}/${ws.scenario.id}?`,
    )
  })

  it('adds a line item only when accept_lineitem allows it, with the score maximum asked', async () => {
    const refused = await requestPicker({ accept_lineitem: false })
    const refusedForm = readForm(refused.html)
    expect(refusedForm.inputs.has('lineItem')).toBe(false)
    // Even a forged lineItem field does not get a line item past accept_lineitem: false.
    const plain = await responseOf(
      await submit(refusedForm, choose(refusedForm, [second.id], { lineItem: '1' })),
    )
    expect(plain.items[0]).not.toHaveProperty('lineItem')

    const accepted = readForm((await requestPicker()).html)
    const ten = await responseOf(
      await submit(accepted, choose(accepted, [second.id], { scoreMaximum: '10' })),
    )
    expect(ten.items[0].lineItem.scoreMaximum).toBe(10)

    const unchecked = readForm((await requestPicker()).html)
    const fields = choose(unchecked, [second.id])
    fields.delete('lineItem')
    const none = await responseOf(await submit(unchecked, fields))
    expect(none.items[0]).not.toHaveProperty('lineItem')
  })

  it('takes one scenario without accept_multiple, several with it', async () => {
    const single = readForm((await requestPicker()).html)
    const two = await submit(single, choose(single, [ws.scenario.id, second.id]), true)
    expect(two.status).toBe(400)
    expect((await two.json()).error.code).toBe('LTI_REQUEST_INVALID')
    // The refused form was not spent: a corrected choice still goes through.
    const one = await responseOf(await submit(single, choose(single, [ws.scenario.id])))
    expect(one.items).toHaveLength(1)

    const multiple = readForm((await requestPicker({ accept_multiple: true })).html)
    expect(multiple.inputs.get('scenario')?.type).toBe('checkbox')
    const both = await responseOf(
      await submit(multiple, choose(multiple, [ws.scenario.id, second.id])),
    )
    expect(both.items.map((i) => i.custom.scenario_id)).toEqual([ws.scenario.id, second.id])
  })

  it('opens a window where the platform takes no iframe', async () => {
    const form = readForm(
      (await requestPicker({ accept_presentation_document_targets: ['window'] })).html,
    )
    const { items } = await responseOf(await submit(form, choose(form, [second.id])))
    expect(items[0].window).toEqual({ targetName: `ltikit-${second.id}` })
    expect(items[0]).not.toHaveProperty('iframe')
  })

  it('answers a cancel with an empty response and a message', async () => {
    const form = readForm((await requestPicker()).html)
    const fields = new URLSearchParams(form.fields)
    fields.set('action', 'cancel')
    const { claims, items } = await responseOf(await submit(form, fields))
    expect(items).toEqual([])
    expect(claims[CLAIM.deepLinkingMsg]).toBe('No scenario was added.')
    expect(claims[CLAIM.deepLinkingData]).toBe('opaque-platform-state-42')
  })

  it('refuses a picker form replayed, altered, or sent to another workspace', async () => {
    const form = readForm((await requestPicker()).html)
    const fields = choose(form, [second.id])
    expect((await submit(form, fields)).status).toBe(200)
    const replay = await submit(form, fields, true)
    expect(replay.status).toBe(401)
    expect((await replay.json()).error.code).toBe('LTI_DEEP_LINKING_SELECTION_INVALID')

    const fresh = readForm((await requestPicker()).html)
    const altered = choose(fresh, [second.id])
    const token = altered.get('token') as string
    altered.set('token', `${token.slice(0, 20)}x${token.slice(21)}`)
    const forged = await submit(fresh, altered, true)
    expect((await forged.json()).error.code).toBe('LTI_DEEP_LINKING_SELECTION_INVALID')

    const elsewhere = await fetch(`${tool.server.url}/lti/${other.workspaceId}/deep-linking`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: choose(fresh, [second.id]).toString(),
    })
    expect((await elsewhere.json()).error.code).toBe('LTI_DEEP_LINKING_SELECTION_INVALID')
    // The untouched token is still good in its own workspace.
    expect((await submit(fresh, choose(fresh, [second.id]))).status).toBe(200)
  })

  it('refuses a learner, and a placement that does not accept resource links', async () => {
    const learner = await requestPicker({}, 'learner')
    expect(learner.launchResponse.status).toBe(403)
    expect(learner.html).not.toContain('name="token"')
    expect((await launchLogCode(tool, ws, learner.launchResponse))?.errorCode).toBe(
      'LTI_DEEP_LINKING_PICKER_FORBIDDEN',
    )

    const links = await requestPicker({ accept_types: ['link', 'file'] })
    expect(links.launchResponse.status).toBe(400)
    expect(links.html).toContain('This placement cannot add scenarios')
    expect((await launchLogCode(tool, ws, links.launchResponse))?.errorCode).toBe(
      'LTI_DEEP_LINKING_TYPES_UNSUPPORTED',
    )
  })
})
