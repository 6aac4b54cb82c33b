import { describe, expect, it } from 'vitest'
import { webCryptoMacKey } from '../core/security/sealed-token.js'
import { issueSessionToken, verifySessionToken } from './session-token.js'

const NOW = 1_800_000_000_000
const clock = { now: () => NOW }
const key = await webCryptoMacKey(new Uint8Array(32).fill(7))
const other = await webCryptoMacKey(new Uint8Array(32).fill(8))
const session = { memberId: 'm1', workspaceId: 'ws1', scenarioId: 's1', correlationId: 'c1' }

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise
    return undefined
  } catch (error) {
    return (error as { code: string }).code
  }
}

describe('learner session token', () => {
  it('round-trips a session', async () => {
    const token = await issueSessionToken(session, key, clock, 60)
    expect(await verifySessionToken(token, key, clock)).toEqual(session)
  })

  it('round-trips the attempt and the LMS connection of a launch', async () => {
    const full = { ...session, attemptId: 'a1', registrationId: 'r1' }
    const token = await issueSessionToken(full, key, clock, 60)
    expect(await verifySessionToken(token, key, clock)).toEqual(full)
  })

  it('refuses an expired token, another key and an altered token', async () => {
    const token = await issueSessionToken(session, key, clock, 60)
    const later = { now: () => NOW + 60_000 }
    expect(await codeOf(verifySessionToken(token, key, later))).toBe('LTI_SESSION_INVALID')
    expect(await codeOf(verifySessionToken(token, other, clock))).toBe('LTI_SESSION_INVALID')
    const altered = `${Buffer.from('{"sub":"admin","ws":"ws1","exp":9e15}').toString('base64url')}.${token.split('.')[1]}`
    expect(await codeOf(verifySessionToken(altered, key, clock))).toBe('LTI_SESSION_INVALID')
  })
})
