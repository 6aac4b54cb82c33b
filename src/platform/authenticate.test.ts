import { decodeJwt, generateKeyPair } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import { CLAIM, MESSAGE_TYPE } from '../core/claims.js'
import type { LtiError } from '../core/errors.js'
import { webCryptoMacKey } from '../core/security/sealed-token.js'
import {
  context,
  instructor,
  learner,
  link,
  MemoryLaunchStores,
  NOW,
  otherTool,
  PUBLIC_URL,
  tool,
  toolAuthenticationRequest,
} from '../../test/support/platform-fixtures.js'
import { authenticate } from './authenticate.js'
import type { AuthenticateDeps } from './authenticate.js'
import { MESSAGE_HINT_TTL_SECONDS, sealMessageHint } from './message-hint.js'
import type { MessageHintSubject } from './message-hint.js'
import type { User } from './ports.js'

const key = await webCryptoMacKey(crypto.getRandomValues(new Uint8Array(32)))
const { privateKey } = await generateKeyPair('RS256')
const clock = { t: NOW, now: () => clock.t }
let stores: MemoryLaunchStores
let deps: AuthenticateDeps
let keyFetches: number
beforeEach(() => {
  clock.t = NOW
  keyFetches = 0
  stores = new MemoryLaunchStores()
  deps = {
    publicUrl: PUBLIC_URL,
    clock,
    messageHintKey: key,
    signingKey: async () => {
      keyFetches++
      return { kid: 'k1', alg: 'RS256', privateKey }
    },
    stores,
  }
})

const launchHint: MessageHintSubject = {
  kind: 'launch',
  contextId: context.id,
  linkId: link.id,
  toolId: tool.id,
  userId: learner.id,
}
const deepLinkingHint: MessageHintSubject = {
  kind: 'deep-linking',
  contextId: context.id,
  toolId: tool.id,
  userId: instructor.id,
}

async function request(
  subject: MessageHintSubject = launchHint,
  changes: Record<string, string | null> = {},
) {
  const p = new URLSearchParams({
    ...toolAuthenticationRequest,
    login_hint: subject.userId,
    lti_message_hint: await sealMessageHint(subject, { key, clock }),
    nonce: 'nonce-1',
    state: 'state-1',
  })
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) p.delete(name)
    else p.set(name, value)
  }
  return p
}

/** The OIDC error posted back, with the stable code behind it. */
async function refusal(params: URLSearchParams, user: User | null = learner) {
  const response = await authenticate(params, user ?? undefined, deps)
  expect(response.fields).not.toHaveProperty('id_token')
  expect(response.redirectUri).toBe(params.get('redirect_uri'))
  expect(response.fields.state).toBe(params.get('state') ?? undefined)
  expect(response.fields.error_description?.startsWith(`${response.error?.code}:`)).toBe(true)
  return { error: response.fields.error, code: response.error?.code }
}

describe('authenticate', () => {
  it('answers a resource link launch with a signed id_token and the state', async () => {
    const response = await authenticate(await request(), learner, deps)
    expect(response.redirectUri).toBe(tool.redirectUris[0])
    expect(Object.keys(response.fields).sort()).toEqual(['id_token', 'state'])
    expect(response.fields.state).toBe('state-1')
    const claims = decodeJwt(response.fields.id_token as string)
    expect(claims).toMatchObject({
      iss: PUBLIC_URL,
      aud: tool.clientId,
      sub: learner.id,
      nonce: 'nonce-1',
      [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
      [CLAIM.resourceLink]: { id: link.resourceLinkId },
    })
    expect(response.error).toBeUndefined()
  })

  it('answers a deep linking request for an instructor', async () => {
    const params = await request(deepLinkingHint)
    const response = await authenticate(params, instructor, deps)
    const claims = decodeJwt(response.fields.id_token as string)
    expect(claims).toMatchObject({
      sub: instructor.id,
      nonce: 'nonce-1',
      [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingRequest,
      [CLAIM.targetLinkUri]: tool.deepLinkingUrl,
    })
    expect(claims[CLAIM.deepLinkingSettings]).toMatchObject({
      deep_link_return_url: `${PUBLIC_URL}/lti/deep-linking/return`,
    })
  })

  it('names AGS and NRPS in a deep linking request only where the tool has an activity', async () => {
    const claimsOf = async () =>
      decodeJwt(
        (await authenticate(await request(deepLinkingHint), instructor, deps)).fields
          .id_token as string,
      )
    const placed = await claimsOf()
    expect(placed).toHaveProperty([CLAIM.agsEndpoint])
    expect(placed).toHaveProperty([CLAIM.nrpsService])
    // Regression: the first "Add content" in a course named services that then answered 404.
    stores.linkRows.clear()
    const unplaced = await claimsOf()
    expect(unplaced[CLAIM.messageType]).toBe(MESSAGE_TYPE.deepLinkingRequest)
    expect(unplaced).not.toHaveProperty([CLAIM.agsEndpoint])
    expect(unplaced).not.toHaveProperty([CLAIM.nrpsService])
    stores.linkRows.set('other', { ...link, id: 'other', toolId: otherTool.id })
    expect(await claimsOf()).not.toHaveProperty([CLAIM.nrpsService])
  })

  it('leaves state out when the tool sent none', async () => {
    const response = await authenticate(await request(launchHint, { state: null }), learner, deps)
    expect(Object.keys(response.fields)).toEqual(['id_token'])
  })

  it.each([
    ['client_id missing', { client_id: null }, 'LTI_AUTH_REQUEST_INVALID'],
    ['client_id unknown', { client_id: 'nope' }, 'LTI_TOOL_NOT_FOUND'],
    ['redirect_uri missing', { redirect_uri: null }, 'LTI_REDIRECT_URI_INVALID'],
    ['redirect_uri unknown', { redirect_uri: 'https://evil.example/' }, 'LTI_REDIRECT_URI_INVALID'],
  ])('throws, posting nothing, when %s', async (_name, changes, code) => {
    const outcome = await authenticate(await request(launchHint, changes), learner, deps).then(
      () => 'answered',
      (err: LtiError) => err.code,
    )
    expect(outcome).toBe(code)
  })

  it.each([
    ['scope', { scope: 'profile' }, 'invalid_scope', 'LTI_AUTH_REQUEST_INVALID'],
    [
      'response_type',
      { response_type: 'code' },
      'unsupported_response_type',
      'LTI_AUTH_REQUEST_INVALID',
    ],
    ['response_mode', { response_mode: 'fragment' }, 'invalid_request', 'LTI_AUTH_REQUEST_INVALID'],
    ['prompt', { prompt: null }, 'invalid_request', 'LTI_AUTH_REQUEST_INVALID'],
    ['nonce', { nonce: null }, 'invalid_request', 'LTI_AUTH_REQUEST_INVALID'],
    ['login_hint', { login_hint: null }, 'invalid_request', 'LTI_AUTH_REQUEST_INVALID'],
    [
      'login_hint of another user',
      { login_hint: instructor.id },
      'login_required',
      'LTI_LOGIN_HINT_INVALID',
    ],
    ['lti_message_hint', { lti_message_hint: null }, 'invalid_request', 'LTI_MESSAGE_HINT_INVALID'],
    [
      'altered lti_message_hint',
      { lti_message_hint: 'e30.AAAA' },
      'invalid_request',
      'LTI_MESSAGE_HINT_INVALID',
    ],
  ])('answers the tool with an OIDC error for a bad %s', async (_name, changes, error, code) => {
    expect(await refusal(await request(launchHint, changes))).toEqual({ error, code })
  })

  it('answers login_required without a signed-in user', async () => {
    expect(await refusal(await request(), null)).toEqual({
      error: 'login_required',
      code: 'LTI_SIGN_IN_REQUIRED',
    })
  })

  it('refuses an expired message hint', async () => {
    const params = await request()
    clock.t = NOW + MESSAGE_HINT_TTL_SECONDS * 1000
    expect(await refusal(params)).toEqual({
      error: 'invalid_request',
      code: 'LTI_MESSAGE_HINT_INVALID',
    })
  })

  it('refuses a message hint of another user, even with a matching login_hint', async () => {
    const params = await request(launchHint, { login_hint: instructor.id })
    expect(await refusal(params, instructor)).toEqual({
      error: 'invalid_request',
      code: 'LTI_MESSAGE_HINT_INVALID',
    })
  })

  it('refuses a message hint issued for another tool', async () => {
    const params = await request(launchHint, {
      client_id: otherTool.clientId,
      redirect_uri: otherTool.redirectUris[0] as string,
    })
    expect(await refusal(params)).toEqual({
      error: 'invalid_request',
      code: 'LTI_MESSAGE_HINT_INVALID',
    })
    // A hint naming the other tool but an activity of this one: still no launch.
    const crossed = await request(
      { ...launchHint, toolId: otherTool.id },
      { client_id: otherTool.clientId, redirect_uri: otherTool.redirectUris[0] as string },
    )
    expect(await refusal(crossed)).toEqual({
      error: 'invalid_request',
      code: 'LTI_MESSAGE_HINT_INVALID',
    })
  })

  it('checks enrollment and activity again at authentication', async () => {
    const params = await request()
    stores.enrollments.delete(`${context.id}/${learner.id}`)
    expect(await refusal(params)).toEqual({ error: 'access_denied', code: 'LTI_NOT_ENROLLED' })
    stores = new MemoryLaunchStores()
    deps.stores = stores
    stores.linkRows.delete(link.id)
    expect(await refusal(params)).toEqual({
      error: 'invalid_request',
      code: 'LTI_RESOURCE_LINK_NOT_FOUND',
    })
    expect(keyFetches).toBe(0)
  })

  it('refuses deep linking once the tool no longer offers it', async () => {
    const params = await request(deepLinkingHint)
    stores.toolRows.set(tool.id, { ...tool, services: { ...tool.services, deepLinking: false } })
    expect(await refusal(params, instructor)).toEqual({
      error: 'unauthorized_client',
      code: 'LTI_DEEP_LINKING_NOT_ALLOWED',
    })
  })
})
