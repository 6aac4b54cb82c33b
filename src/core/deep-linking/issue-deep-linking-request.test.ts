/**
 * The platform's deep linking request, and the tool's side of it: `validateLaunch` accepts the
 * LtiDeepLinkingRequest (no resource link claim) and `readDeepLinkingSettings` reads its settings.
 */
import { SignJWT, decodeJwt, generateKeyPair } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  TEST_ISSUER,
  TEST_NOW,
  TEST_TARGET_LINK_URI,
  testRegistration,
} from '../../../test/support/launch-fixtures.js'
import { MemoryNonces, MemoryRegistrations } from '../../../test/support/memory-stores.js'
import { CLAIM, CONTEXT_TYPE, MESSAGE_TYPE, ROLE } from '../claims.js'
import { skipStateCookieCheck, validateLaunch } from '../launch/validate-launch.js'
import type { ValidateLaunchDeps } from '../launch/validate-launch.js'
import { sealLoginState } from '../oidc/login-state.js'
import { webCryptoMacKey } from '../security/sealed-token.js'
import {
  buildDeepLinkingRequestClaims,
  deepLinkingSettingsClaim,
  issueDeepLinkingRequest,
} from './issue-deep-linking-request.js'
import type { IssueDeepLinkingRequestInput } from './issue-deep-linking-request.js'
import { readDeepLinkingSettings } from './read-deep-linking-settings.js'
import type { DeepLinkingSettings } from './read-deep-linking-settings.js'

const NOW = TEST_NOW
const clock = { now: () => NOW }
const platform = await generateKeyPair('RS256')
const signingKey = { kid: 'platform-key-1', alg: 'RS256', privateKey: platform.privateKey } as const
const stateKey = await webCryptoMacKey(new Uint8Array(32).fill(9))

const settings: DeepLinkingSettings = {
  deepLinkReturnUrl: `${TEST_ISSUER}/lti/deep-linking/return`,
  acceptTypes: ['ltiResourceLink', 'link'],
  acceptPresentationDocumentTargets: ['iframe', 'window'],
  acceptMultiple: true,
  acceptLineItem: false,
  autoCreate: true,
  title: ' Compilers ',
  data: ' sealed ',
}

function input(
  overrides: Partial<IssueDeepLinkingRequestInput> = {},
): IssueDeepLinkingRequestInput {
  return {
    issuer: TEST_ISSUER,
    clientId: 'client-1',
    deploymentId: 'dep-1',
    nonce: 'nonce-1',
    targetLinkUri: TEST_TARGET_LINK_URI,
    user: { id: 'instructor-1', givenName: 'Ada', familyName: 'Lovelace', email: 'a@x.edu' },
    privacy: { sendName: true, sendEmail: false },
    roles: [ROLE.instructor],
    context: { id: 'ctx-1', title: 'Compilers', type: [CONTEXT_TYPE.courseOffering] },
    toolPlatform: { guid: 'lms-guid', name: 'Example LMS' },
    custom: { who: '$User.id', link: '$ResourceLink.id' },
    substitution: {},
    settings,
    ...overrides,
  }
}

let deps: ValidateLaunchDeps
beforeEach(() => {
  deps = {
    registrations: new MemoryRegistrations([testRegistration]),
    loginStateKey: stateKey,
    nonces: new MemoryNonces(),
    keys: { getKey: async () => platform.publicKey },
    clock,
    clockSkewSeconds: 5,
    supportedMessageTypes: [MESSAGE_TYPE.resourceLink, MESSAGE_TYPE.deepLinkingRequest],
  }
})

async function validate(idToken: string) {
  const state = await sealLoginState(
    {
      nonce: 'nonce-1',
      workspaceId: 'ws1',
      registrationId: testRegistration.id,
      targetLinkUri: TEST_TARGET_LINK_URI,
      expiresAt: NOW + 60_000,
    },
    stateKey,
  )
  return validateLaunch({ idToken, state, stateCookie: skipStateCookieCheck }, deps)
}

describe('buildDeepLinkingRequestClaims', () => {
  it('has the user claims of a launch, no resource link, and the settings claim', () => {
    const claims = buildDeepLinkingRequestClaims(input())
    expect(claims[CLAIM.messageType]).toBe(MESSAGE_TYPE.deepLinkingRequest)
    expect(claims).not.toHaveProperty([CLAIM.resourceLink])
    expect(claims.sub).toBe('instructor-1')
    expect(claims.name).toBe('Ada Lovelace')
    expect(claims).not.toHaveProperty('email')
    expect(claims[CLAIM.context]).toStrictEqual({
      id: 'ctx-1',
      title: 'Compilers',
      type: [CONTEXT_TYPE.courseOffering],
    })
    // $ResourceLink.id stays unresolved: there is no link yet.
    expect(claims[CLAIM.custom]).toStrictEqual({ who: 'instructor-1', link: '$ResourceLink.id' })
    expect(claims[CLAIM.deepLinkingSettings]).toStrictEqual({
      deep_link_return_url: `${TEST_ISSUER}/lti/deep-linking/return`,
      accept_types: ['ltiResourceLink', 'link'],
      accept_presentation_document_targets: ['iframe', 'window'],
      accept_multiple: true,
      accept_lineitem: false,
      auto_create: true,
      title: 'Compilers',
      data: ' sealed ',
    })
  })

  it('serializes exactly what readDeepLinkingSettings reads back', () => {
    const claims = {
      [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingRequest,
      [CLAIM.deepLinkingSettings]: deepLinkingSettingsClaim(settings),
    }
    expect(readDeepLinkingSettings(claims)).toStrictEqual({ ...settings, title: 'Compilers' })
  })

  it.each<[string, Partial<DeepLinkingSettings>]>([
    ['no return URL', { deepLinkReturnUrl: ' ' }],
    ['no accept types', { acceptTypes: [] }],
    ['no document targets', { acceptPresentationDocumentTargets: [''] }],
  ])('refuses settings with %s', (_, change) => {
    expect(() =>
      buildDeepLinkingRequestClaims(input({ settings: { ...settings, ...change } })),
    ).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }))
  })
})

describe('issueDeepLinkingRequest -> validateLaunch', () => {
  it('is accepted by the tool as an LtiDeepLinkingRequest and its settings read back', async () => {
    const idToken = await issueDeepLinkingRequest(input(), { signingKey, clock })
    expect(decodeJwt(idToken).exp).toBe(NOW / 1000 + 300)
    const { message } = await validate(idToken)
    expect(message.messageType).toBe(MESSAGE_TYPE.deepLinkingRequest)
    expect(message.resourceLink).toBeUndefined()
    expect(message.deepLinkingSettings?.deep_link_return_url).toBe(settings.deepLinkReturnUrl)
    expect(readDeepLinkingSettings(message.payload).data).toBe(' sealed ')
  })

  it('is refused where the tool does not take deep linking requests', async () => {
    deps.supportedMessageTypes = [MESSAGE_TYPE.resourceLink]
    const idToken = await issueDeepLinkingRequest(input(), { signingKey, clock })
    await expect(validate(idToken)).rejects.toMatchObject({ code: 'LTI_MESSAGE_TYPE_UNSUPPORTED' })
  })

  it('is refused without the deep_linking_settings claim (LTI_CLAIM_MISSING)', async () => {
    const claims = buildDeepLinkingRequestClaims(input())
    delete claims[CLAIM.deepLinkingSettings]
    const idToken = await new SignJWT({ ...claims, iat: NOW / 1000, exp: NOW / 1000 + 60 })
      .setProtectedHeader({ alg: 'RS256', kid: signingKey.kid })
      .sign(platform.privateKey)
    await expect(validate(idToken)).rejects.toMatchObject({ code: 'LTI_CLAIM_MISSING' })
  })
})
