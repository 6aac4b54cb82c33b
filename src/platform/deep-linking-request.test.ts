import { decodeJwt, decodeProtectedHeader, generateKeyPair } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  NOW,
  PUBLIC_URL,
  context,
  enrollment,
  instructor,
  learner,
  otherTool,
  tool,
} from '../../test/support/platform-fixtures.js'
import { CLAIM, CONTEXT_TYPE, MESSAGE_TYPE, ROLE, SCOPE } from '../core/claims.js'
import { webCryptoMacKey } from '../core/security/sealed-token.js'
import { openDeepLinkingData } from './deep-linking-data.js'
import { buildDeepLinkingRequest } from './deep-linking-request.js'
import type { DeepLinkingRequestInput } from './deep-linking-request.js'
import type { Tool } from './ports.js'
import { platformUrls } from './service-urls.js'

const clock = { now: () => NOW }
const messageHintKey = await webCryptoMacKey(new Uint8Array(32).fill(5))
const pair = await generateKeyPair('RS256')
const signingKey = { kid: 'platform-k1', alg: 'RS256', privateKey: pair.privateKey } as const
const deps = { publicUrl: PUBLIC_URL, clock, messageHintKey, signingKey }
const urls = platformUrls(PUBLIC_URL)

/** A request of `tool` in `context` by its instructor, with `changes`. */
const requestBy = (changes: Partial<DeepLinkingRequestInput> = {}) =>
  buildDeepLinkingRequest(
    {
      tool,
      context,
      user: instructor,
      enrollment: enrollment(instructor, ['Instructor']),
      nonce: 'n-1',
      ...changes,
    },
    deps,
  )

describe('buildDeepLinkingRequest', () => {
  it('signs an LtiDeepLinkingRequest with the launch claims, settings and no resource link', async () => {
    const idToken = await requestBy({ placed: true })
    expect(decodeProtectedHeader(idToken)).toMatchObject({ alg: 'RS256', kid: 'platform-k1' })
    const claims = decodeJwt(idToken)
    expect(claims).toMatchObject({
      iss: PUBLIC_URL,
      aud: tool.clientId,
      sub: instructor.id,
      nonce: 'n-1',
      email: instructor.email,
      [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingRequest,
      [CLAIM.version]: '1.3.0',
      [CLAIM.deploymentId]: tool.deploymentId,
      // The URL the login was initiated for.
      [CLAIM.targetLinkUri]: tool.deepLinkingUrl,
      [CLAIM.roles]: [ROLE.instructor],
      [CLAIM.context]: {
        id: context.id,
        label: context.label,
        title: context.title,
        type: [CONTEXT_TYPE.courseOffering],
      },
      [CLAIM.custom]: tool.customParameters,
      [CLAIM.launchPresentation]: {
        document_target: 'window',
        return_url: urls.launchReturn(context.id),
      },
      [CLAIM.agsEndpoint]: { scope: tool.services.ags, lineitems: urls.lineItems(context.id) },
      [CLAIM.nrpsService]: { context_memberships_url: urls.memberships(context.id) },
    })
    expect(claims).not.toHaveProperty([CLAIM.resourceLink])
    expect(claims[CLAIM.agsEndpoint]).not.toHaveProperty('lineitem')
    const settings = claims[CLAIM.deepLinkingSettings] as Record<string, unknown>
    expect(settings).toStrictEqual({
      deep_link_return_url: urls.deepLinkingReturnUrl,
      accept_types: ['ltiResourceLink', 'link', 'file', 'html', 'image'],
      accept_presentation_document_targets: ['iframe', 'window'],
      accept_multiple: true,
      // The fixture tool has the score scope only.
      accept_lineitem: false,
      auto_create: true,
      title: context.title,
      data: expect.any(String),
    })
    expect(
      await openDeepLinkingData(settings.data as string, { key: messageHintKey, clock }),
    ).toStrictEqual({
      contextId: context.id,
      toolId: tool.id,
      userId: instructor.id,
      acceptLineItem: false,
      expiresAt: NOW / 1000 + 3600,
    })
  })

  it('names no service endpoint in a context where the tool has no activity yet', async () => {
    const claims = decodeJwt(await requestBy())
    expect(claims[CLAIM.messageType]).toBe(MESSAGE_TYPE.deepLinkingRequest)
    expect(claims).not.toHaveProperty([CLAIM.agsEndpoint])
    expect(claims).not.toHaveProperty([CLAIM.nrpsService])
  })

  it('names the iframe as the document target when the picker opens in a panel', async () => {
    const claims = decodeJwt(await requestBy({ documentTarget: 'iframe' }))
    expect(claims[CLAIM.launchPresentation]).toEqual({
      document_target: 'iframe',
      return_url: `${PUBLIC_URL}/courses/${context.id}/return`,
    })
  })

  it('accepts line items when the tool has the AGS lineitem scope', async () => {
    const withLineItems: Tool = {
      ...tool,
      services: { ...tool.services, ags: [SCOPE.agsLineItem, SCOPE.agsScore] },
    }
    const idToken = await requestBy({
      tool: withLineItems,
      enrollment: enrollment(instructor, ['TeachingAssistant']),
    })
    const settings = decodeJwt(idToken)[CLAIM.deepLinkingSettings] as Record<string, unknown>
    expect(settings.accept_lineitem).toBe(true)
    const data = await openDeepLinkingData(settings.data as string, { key: messageHintKey, clock })
    expect(data).toMatchObject({ acceptLineItem: true })
  })

  it('seals data that no other key opens and that expires after an hour', async () => {
    const idToken = await requestBy({ nonce: 'n' })
    const data = (decodeJwt(idToken)[CLAIM.deepLinkingSettings] as { data: string }).data
    const otherKey = await webCryptoMacKey(new Uint8Array(32).fill(6))
    expect(await openDeepLinkingData(data, { key: otherKey, clock })).toBe('invalid')
    expect(
      await openDeepLinkingData(data, {
        key: messageHintKey,
        clock: { now: () => NOW + 3600_000 },
      }),
    ).toBe('expired')
  })

  it.each([
    ['a learner', instructor, enrollment(instructor, ['Learner'])],
    ['a mentor', instructor, enrollment(instructor, ['Mentor'])],
    ['an inactive instructor', instructor, enrollment(instructor, ['Instructor'], false)],
    ['an enrollment of another user', learner, enrollment(instructor, ['Instructor'])],
    [
      'an enrollment of another context',
      instructor,
      { ...enrollment(instructor, ['Instructor']), contextId: 'ctx-other' },
    ],
  ])('refuses %s (LTI_DEEP_LINKING_NOT_ALLOWED)', async (_, user, e) => {
    await expect(requestBy({ user, enrollment: e, nonce: 'n' })).rejects.toMatchObject({
      code: 'LTI_DEEP_LINKING_NOT_ALLOWED',
    })
  })

  it('refuses a tool with deep linking off', async () => {
    await expect(requestBy({ tool: otherTool, nonce: 'n' })).rejects.toMatchObject({
      code: 'LTI_DEEP_LINKING_NOT_ALLOWED',
      cause: { reason: 'tool' },
    })
  })
})
