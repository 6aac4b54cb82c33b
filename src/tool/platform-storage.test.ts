import { describe, expect, it } from 'vitest'
import { LtiError } from '../core/errors.js'
import { sealLoginState } from '../core/oidc/login-state.js'
import type { LoginState } from '../core/oidc/login-state.js'
import { webCryptoMacKey } from '../core/security/sealed-token.js'
import {
  STORAGE_CHECKED_FIELD,
  nonceStorageKey,
  readStorageTarget,
  stateBindingOf,
  stateStorageKey,
} from './platform-storage.js'

const NOW = Date.UTC(2026, 0, 1)
const LAUNCH_URL = 'https://tool.example/lti/ws1/launch'
const PLATFORM = 'https://lms.example'

const codeOf = async (work: () => unknown) => {
  try {
    await work()
  } catch (error) {
    if (error instanceof LtiError) return error.code
    throw error
  }
  return 'no error'
}

describe('readStorageTarget', () => {
  const read = (value?: string) =>
    readStorageTarget(new URLSearchParams(value === undefined ? {} : { lti_storage_target: value }))

  it('takes `_parent` and plain frame names', () => {
    expect(read('_parent')).toBe('_parent')
    expect(read('post_message_forwarding')).toBe('post_message_forwarding')
    expect(read('lti-storage-1')).toBe('lti-storage-1')
  })

  it('is undefined when the login initiation names no storage frame', () => {
    expect(read()).toBeUndefined()
    expect(read('')).toBeUndefined()
  })

  it('refuses a value that is not a plain frame name', async () => {
    for (const value of ['a b', 'top.frames[0]', '<script>', 'x'.repeat(65), 'frame/1', '名前']) {
      expect(await codeOf(() => read(value))).toBe('LTI_LOGIN_PARAM_INVALID')
    }
  })
})

const loginStateKey = await webCryptoMacKey(new Uint8Array(32).fill(7))

describe('stateBindingOf', () => {
  const deps = { loginStateKey, clock: { now: () => NOW }, launchUrl: LAUNCH_URL }
  const loginState = (storage?: LoginState['storage']): LoginState => ({
    nonce: 'nonce-1',
    workspaceId: 'ws1',
    registrationId: 'reg1',
    targetLinkUri: LAUNCH_URL,
    expiresAt: NOW + 600_000,
    ...(storage ? { storage } : {}),
  })
  const storageState = () =>
    sealLoginState(loginState({ target: '_parent', origin: PLATFORM }), loginStateKey)
  const form = (fields: Record<string, string>) =>
    new URLSearchParams({ id_token: 'header.payload.signature', ...fields })

  it('keeps the cookie binding when the browser sent the state cookie', async () => {
    const state = await storageState()
    expect(await stateBindingOf(form({ state }), state, deps)).toEqual({ kind: 'cookie' })
  })

  it('asks the browser to read the state back when there is no cookie but storage was used', async () => {
    const state = await storageState()
    const binding = await stateBindingOf(form({ state }), undefined, deps)
    expect(binding).toEqual({
      kind: 'check-in-browser',
      page: {
        target: '_parent',
        platformOrigin: PLATFORM,
        key: stateStorageKey(state),
        action: LAUNCH_URL,
        fields: { id_token: 'header.payload.signature', state },
      },
    })
  })

  it('accepts the second post once the state read back from storage matches', async () => {
    const state = await storageState()
    const binding = await stateBindingOf(
      form({ state, [STORAGE_CHECKED_FIELD]: state }),
      undefined,
      deps,
    )
    expect(binding).toEqual({ kind: 'storage-checked' })
  })

  it('refuses a state read back from storage that differs from the posted one', async () => {
    const state = await storageState()
    const other = await sealLoginState(
      { ...loginState({ target: '_parent', origin: PLATFORM }), nonce: 'nonce-2' },
      loginStateKey,
    )
    for (const checked of [other, '', `${state}x`]) {
      const posted = form({ state, [STORAGE_CHECKED_FIELD]: checked })
      expect(await codeOf(() => stateBindingOf(posted, undefined, deps))).toBe('LTI_STATE_MISMATCH')
    }
  })

  it('leaves a cookie-less launch whose login used no storage to the cookie check', async () => {
    const state = await sealLoginState(loginState(), loginStateKey)
    // Even a forged "checked" field cannot stand in for the cookie when the login put nothing
    // in platform storage: the cookie path then fails with LTI_STATE_COOKIE_MISSING.
    const posts: Array<Record<string, string>> = [
      { state },
      { state, [STORAGE_CHECKED_FIELD]: state },
    ]
    for (const fields of posts) {
      expect(await stateBindingOf(form(fields), undefined, deps)).toEqual({ kind: 'cookie' })
    }
  })

  it('leaves a state not sealed by this tool, or expired, to the cookie check', async () => {
    const foreignKey = await webCryptoMacKey(new Uint8Array(32).fill(9))
    const foreign = await sealLoginState(
      loginState({ target: '_parent', origin: PLATFORM }),
      foreignKey,
    )
    const expired = await sealLoginState(
      { ...loginState({ target: '_parent', origin: PLATFORM }), expiresAt: NOW },
      loginStateKey,
    )
    for (const state of [foreign, expired, 'not-a-state']) {
      const posted = form({ state, [STORAGE_CHECKED_FIELD]: state })
      expect(await stateBindingOf(posted, undefined, deps)).toEqual({ kind: 'cookie' })
    }
  })

  it('leaves a post without id_token or state to the cookie check', async () => {
    const state = await storageState()
    expect(await stateBindingOf(new URLSearchParams({ state }), undefined, deps)).toEqual({
      kind: 'cookie',
    })
    expect(await stateBindingOf(form({}), undefined, deps)).toEqual({ kind: 'cookie' })
  })
})

describe('storage keys', () => {
  it('prefix the login state and nonce as in lti-cs-oidc', () => {
    expect(stateStorageKey('abc')).toBe('state_abc')
    expect(nonceStorageKey('abc')).toBe('nonce_abc')
  })
})
