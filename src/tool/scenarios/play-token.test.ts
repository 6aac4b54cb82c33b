import { describe, expect, it } from 'vitest'
import { webCryptoMacKey } from '../../core/security/sealed-token.js'
import { newPlayState, openPlayToken, scriptVersionOf, sealPlayToken } from './play-token.js'

const NOW = 1_800_000_000_000
const clock = { now: () => NOW }
const key = await webCryptoMacKey(new Uint8Array(32).fill(3))
const other = await webCryptoMacKey(new Uint8Array(32).fill(4))
const owner = { workspaceId: 'ws1', scenarioId: 'sc1', memberId: 'm1' }

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise
    return undefined
  } catch (error) {
    return (error as { code: string }).code
  }
}

describe('play token', () => {
  it('round-trips a play with its path', async () => {
    const state = { ...newPlayState(owner, 'v1', clock, 60), path: ['a', 'b'] }
    const token = await sealPlayToken(state, key)
    expect(await openPlayToken(token, owner, key, clock)).toEqual(state)
  })

  it('gives every new play its own nonce', () => {
    const nonces = new Set([1, 2, 3].map(() => newPlayState(owner, 'v1', clock, 60).nonce))
    expect(nonces.size).toBe(3)
  })

  it("refuses another learner's, scenario's or workspace's play", async () => {
    const token = await sealPlayToken(newPlayState(owner, 'v1', clock, 60), key)
    for (const stranger of [
      { ...owner, memberId: 'm2' },
      { ...owner, scenarioId: 'sc2' },
      { ...owner, workspaceId: 'ws2' },
    ]) {
      expect(await codeOf(openPlayToken(token, stranger, key, clock))).toBe(
        'LTI_SCENARIO_PLAY_INVALID',
      )
    }
  })

  it('refuses an altered, foreign, expired or empty token', async () => {
    const state = newPlayState(owner, 'v1', clock, 60)
    const token = await sealPlayToken(state, key)
    const [body, mac] = token.split('.')
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString())
    const altered = `${Buffer.from(JSON.stringify({ ...payload, p: ['x'] })).toString('base64url')}.${mac}`
    const later = { now: () => NOW + 60_000 }
    expect(await codeOf(openPlayToken(altered, owner, key, clock))).toBe(
      'LTI_SCENARIO_PLAY_INVALID',
    )
    expect(await codeOf(openPlayToken(token, owner, other, clock))).toBe(
      'LTI_SCENARIO_PLAY_INVALID',
    )
    expect(await codeOf(openPlayToken(token, owner, key, later))).toBe('LTI_SCENARIO_PLAY_INVALID')
    expect(await codeOf(openPlayToken('', owner, key, clock))).toBe('LTI_SCENARIO_PLAY_INVALID')
  })

  it('fingerprints a script by its text', async () => {
    const version = await scriptVersionOf('{"version":1}')
    expect(version).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(await scriptVersionOf('{"version":1}')).toBe(version)
    expect(await scriptVersionOf('{"version":1} ')).not.toBe(version)
  })
})
