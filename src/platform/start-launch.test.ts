import { beforeEach, describe, expect, it } from 'vitest'
import type { LtiError } from '../core/errors.js'
import { webCryptoMacKey } from '../core/security/sealed-token.js'
import {
  context,
  enrollment,
  instructor,
  learner,
  link,
  MemoryLaunchStores,
  NOW,
  otherTool,
  PUBLIC_URL,
  tool,
} from '../../test/support/platform-fixtures.js'
import { openMessageHint } from './message-hint.js'
import { startLaunch } from './start-launch.js'
import type { StartLaunchDeps } from './start-launch.js'

const key = await webCryptoMacKey(crypto.getRandomValues(new Uint8Array(32)))
const clock = { now: () => NOW }
let stores: MemoryLaunchStores
let deps: StartLaunchDeps
beforeEach(() => {
  stores = new MemoryLaunchStores()
  deps = { publicUrl: `${PUBLIC_URL}/`, clock, messageHintKey: key, stores }
})

const launchOf = { kind: 'launch', contextId: context.id, linkId: link.id } as const
const deepLinkingOf = { kind: 'deep-linking', contextId: context.id, toolId: tool.id } as const

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (err: LtiError) => err.code,
  )
}

describe('startLaunch', () => {
  it('redirects an enrolled learner to the tool login with a hint for this activity', async () => {
    const url = await startLaunch(learner, launchOf, deps)
    const params = url.searchParams
    expect(url.origin + url.pathname).toBe('https://tool.example/login')
    expect(params.get('tenant')).toBe('a')
    expect(params.get('iss')).toBe(PUBLIC_URL)
    expect(params.get('login_hint')).toBe(learner.id)
    expect(params.get('target_link_uri')).toBe(tool.targetLinkUri)
    expect(params.get('client_id')).toBe(tool.clientId)
    expect(params.get('lti_deployment_id')).toBe(tool.deploymentId)
    const hint = await openMessageHint(params.get('lti_message_hint') as string, { key, clock })
    expect(hint).toMatchObject({ ...launchOf, toolId: tool.id, userId: learner.id })
  })

  it("launches a deep-linked activity at the link's own URL", async () => {
    stores.linkRows.set(link.id, { ...link, url: 'https://tool.example/launch?item=7' })
    const url = await startLaunch(learner, launchOf, deps)
    expect(url.searchParams.get('target_link_uri')).toBe('https://tool.example/launch?item=7')
  })

  it('starts deep linking for an instructor at the deep linking URL', async () => {
    const url = await startLaunch(instructor, deepLinkingOf, deps)
    expect(url.searchParams.get('target_link_uri')).toBe(tool.deepLinkingUrl)
    const hint = await openMessageHint(url.searchParams.get('lti_message_hint') as string, {
      key,
      clock,
    })
    expect(hint).toMatchObject({ ...deepLinkingOf, userId: instructor.id })
    stores.toolRows.set(tool.id, { ...tool, deepLinkingUrl: undefined })
    const fallback = await startLaunch(instructor, deepLinkingOf, deps)
    expect(fallback.searchParams.get('target_link_uri')).toBe(tool.targetLinkUri)
  })

  it('refuses without a signed-in user', async () => {
    expect(await codeOf(startLaunch(undefined, launchOf, deps))).toBe('LTI_SIGN_IN_REQUIRED')
  })

  it('refuses users without an active enrollment', async () => {
    stores.enrollments.delete(`${context.id}/${learner.id}`)
    expect(await codeOf(startLaunch(learner, launchOf, deps))).toBe('LTI_NOT_ENROLLED')
    stores.enrollments.set(`${context.id}/${learner.id}`, enrollment(learner, ['Learner'], false))
    expect(await codeOf(startLaunch(learner, launchOf, deps))).toBe('LTI_NOT_ENROLLED')
  })

  it('names what is missing: context, activity (also one of another context), tool', async () => {
    const unknownContext = { ...launchOf, contextId: 'nope' }
    expect(await codeOf(startLaunch(learner, unknownContext, deps))).toBe('LTI_CONTEXT_NOT_FOUND')
    const unknownLink = { ...launchOf, linkId: 'nope' }
    expect(await codeOf(startLaunch(learner, unknownLink, deps))).toBe(
      'LTI_RESOURCE_LINK_NOT_FOUND',
    )
    stores.contextRows.set('ctx-2', { ...context, id: 'ctx-2' })
    stores.enrollments.set(`ctx-2/${learner.id}`, {
      ...enrollment(learner, ['Learner']),
      contextId: 'ctx-2',
    })
    const elsewhere = { ...launchOf, contextId: 'ctx-2' }
    expect(await codeOf(startLaunch(learner, elsewhere, deps))).toBe('LTI_RESOURCE_LINK_NOT_FOUND')
    stores.toolRows.delete(tool.id)
    expect(await codeOf(startLaunch(learner, launchOf, deps))).toBe('LTI_TOOL_NOT_FOUND')
    const unknownTool = { ...deepLinkingOf, toolId: 'nope' }
    expect(await codeOf(startLaunch(instructor, unknownTool, deps))).toBe('LTI_TOOL_NOT_FOUND')
  })

  it('keeps deep linking to teaching roles, and to tools that offer it', async () => {
    expect(await codeOf(startLaunch(learner, deepLinkingOf, deps))).toBe(
      'LTI_DEEP_LINKING_NOT_ALLOWED',
    )
    const off = { ...deepLinkingOf, toolId: otherTool.id }
    expect(await codeOf(startLaunch(instructor, off, deps))).toBe('LTI_DEEP_LINKING_NOT_ALLOWED')
    stores.enrollments.set(
      `${context.id}/${learner.id}`,
      enrollment(learner, ['TeachingAssistant']),
    )
    expect(await codeOf(startLaunch(learner, deepLinkingOf, deps))).toBe('resolved')
  })
})
