import { SignJWT, generateKeyPair } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  TEST_ISSUER,
  TEST_NOW,
  TEST_TARGET_LINK_URI,
  testRegistration,
} from '../../../test/support/launch-fixtures.js'
import { MemoryNonces, MemoryRegistrations } from '../../../test/support/memory-stores.js'
import { CLAIM, LTI_VERSION, MESSAGE_TYPE, ROLE } from '../claims.js'
import { sealLoginState } from '../oidc/login-state.js'
import { webCryptoMacKey } from '../security/sealed-token.js'
import type { LoginState } from '../oidc/login-state.js'
import { skipStateCookieCheck, validateLaunch } from './validate-launch.js'
import type { ValidateLaunchDeps } from './validate-launch.js'

const NOW = TEST_NOW
const ISS = TEST_ISSUER
const TARGET = TEST_TARGET_LINK_URI
const registration = testRegistration

const platform = await generateKeyPair('RS256')
const stranger = await generateKeyPair('RS256')

function claims(overrides: Record<string, unknown> = {}) {
  return {
    iss: ISS,
    aud: 'client-1',
    sub: 'user-1',
    iat: NOW / 1000,
    exp: NOW / 1000 + 300,
    nonce: 'nonce-1',
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
    [CLAIM.deploymentId]: 'dep-1',
    [CLAIM.resourceLink]: { id: 'rl-1' },
    [CLAIM.roles]: [ROLE.learner],
    [CLAIM.targetLinkUri]: TARGET,
    ...overrides,
  }
}

function sign(payload: Record<string, unknown>, key = platform.privateKey) {
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(key)
}

const stateKey = await webCryptoMacKey(new Uint8Array(32).fill(1))
const loginState = (overrides: Partial<LoginState> = {}): Promise<string> =>
  sealLoginState(
    {
      nonce: 'nonce-1',
      workspaceId: 'ws1',
      registrationId: 'reg-1',
      targetLinkUri: TARGET,
      expiresAt: NOW + 60_000,
      ...overrides,
    },
    stateKey,
  )

let nonces: MemoryNonces
let deps: ValidateLaunchDeps
let state1: string

beforeEach(async () => {
  nonces = new MemoryNonces()
  state1 = await loginState()
  deps = {
    registrations: new MemoryRegistrations([registration]),
    loginStateKey: stateKey,
    nonces,
    keys: {
      getKey: async (url, header) => {
        if (url !== registration.jwksUrl || header.kid !== 'k1') throw new Error('wrong key lookup')
        return platform.publicKey
      },
    },
    clock: { now: () => NOW },
    clockSkewSeconds: 5,
    supportedMessageTypes: [MESSAGE_TYPE.resourceLink],
  }
})

const NO_COOKIE = 'no-cookie'

async function codeOf(idToken: string, stateArg?: string, stateCookie?: string | symbol) {
  const state = stateArg ?? state1
  const cookie = stateCookie === NO_COOKIE ? undefined : (stateCookie ?? state)
  try {
    await validateLaunch({ idToken, state, stateCookie: cookie as string }, deps)
    return undefined
  } catch (error) {
    return (error as { code: string }).code
  }
}

describe('validateLaunch', () => {
  it('accepts a valid launch and reports its trail', async () => {
    const result = await validateLaunch(
      { idToken: await sign(claims()), state: state1, stateCookie: state1 },
      deps,
    )
    expect(result.registration.id).toBe('reg-1')
    expect(result.message.user.sub).toBe('user-1')
    expect(result.trail.length).toBeGreaterThan(5)
  })

  it.each([
    ['no id_token', async () => '', 'LTI_ID_TOKEN_MISSING'],
    ['bad signature', async () => sign(claims(), stranger.privateKey), 'LTI_JWT_SIGNATURE_INVALID'],
    [
      'unknown issuer',
      async () => sign(claims({ iss: 'https://other.example' })),
      'LTI_PLATFORM_UNKNOWN',
    ],
    ['unknown client', async () => sign(claims({ aud: 'client-2' })), 'LTI_PLATFORM_UNKNOWN'],
    ['no aud', async () => sign(claims({ aud: undefined })), 'LTI_CLAIM_MISSING'],
    [
      'array aud without azp',
      async () => sign(claims({ aud: ['client-1', 'x'] })),
      'LTI_AUDIENCE_INVALID',
    ],
    [
      'azp not in aud',
      async () => sign(claims({ aud: ['client-1', 'x'], azp: 'y' })),
      'LTI_AUDIENCE_INVALID',
    ],
    [
      'unregistered deployment',
      async () => sign(claims({ [CLAIM.deploymentId]: 'dep-9' })),
      'LTI_DEPLOYMENT_UNKNOWN',
    ],
    ['no nonce', async () => sign(claims({ nonce: undefined })), 'LTI_NONCE_MISSING'],
    ['nonce never issued', async () => sign(claims({ nonce: 'forged' })), 'LTI_NONCE_MISMATCH'],
    [
      'target_link_uri differs',
      async () => sign(claims({ [CLAIM.targetLinkUri]: 'https://tool.example/x' })),
      'LTI_TARGET_LINK_URI_MISMATCH',
    ],
    [
      'expired',
      async () => sign(claims({ exp: NOW / 1000 - 60, iat: NOW / 1000 - 400 })),
      'LTI_TOKEN_EXPIRED',
    ],
  ])('refuses %s', async (_, token, code) => {
    expect(await codeOf(await token())).toBe(code)
  })

  it('accepts an array aud with azp naming the client', async () => {
    expect(
      await codeOf(await sign(claims({ aud: ['client-1', 'x'], azp: 'client-1' }))),
    ).toBeUndefined()
  })

  it('refuses a missing, mismatched, forged, expired or absent-cookie state', async () => {
    const token = await sign(claims())
    expect(await codeOf(token, '', 'x')).toBe('LTI_STATE_MISSING')
    expect(await codeOf(token, state1, 'other')).toBe('LTI_STATE_MISMATCH')
    expect(await codeOf(token, state1, NO_COOKIE)).toBe('LTI_STATE_COOKIE_MISSING')
    expect(await codeOf(token, 'not-a-state')).toBe('LTI_STATE_UNKNOWN')
    expect(await codeOf(token, `${state1.slice(0, -2)}AA`)).toBe('LTI_STATE_UNKNOWN')
    expect(await codeOf(token, await loginState({ expiresAt: NOW - 1000 }))).toBe(
      'LTI_STATE_UNKNOWN',
    )
    expect(await codeOf(token, await loginState({ registrationId: 'reg-2' }))).toBe(
      'LTI_STATE_MISMATCH',
    )
  })

  it('accepts the server-side state alone when told to skip the cookie check', async () => {
    expect(await codeOf(await sign(claims()), state1, skipStateCookieCheck)).toBeUndefined()
  })

  it('refuses a replay of the same launch', async () => {
    const token = await sign(claims())
    expect(await codeOf(token)).toBeUndefined()
    expect(await codeOf(token)).toBe('LTI_NONCE_REPLAYED')
  })

  it('refuses a used nonce presented with a fresh state', async () => {
    expect(await codeOf(await sign(claims()))).toBeUndefined()
    const fresh = await loginState({ nonce: 'nonce-2' })
    expect(await codeOf(await sign(claims()), fresh)).toBe('LTI_NONCE_REPLAYED')
  })

  it('does not spend the state on a forged token', async () => {
    expect(await codeOf(await sign(claims(), stranger.privateKey))).toBe(
      'LTI_JWT_SIGNATURE_INVALID',
    )
    expect(await codeOf(await sign(claims()))).toBeUndefined()
  })
})
