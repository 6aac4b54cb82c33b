import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { importSessionSecret, issueSessionToken, verifySessionToken } from './session-token.js'

const NOW = 1_800_000_000_000
const clock = { now: () => NOW }
const secret = await importSessionSecret(new Uint8Array(32).fill(7))
const other = await importSessionSecret(new Uint8Array(32).fill(8))
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
    const token = await issueSessionToken(session, secret, clock, 60)
    expect(await verifySessionToken(token, secret, clock)).toEqual(session)
  })

  it('refuses an expired token, another key and a token minted for something else', async () => {
    const token = await issueSessionToken(session, secret, clock, 60)
    expect(await codeOf(verifySessionToken(token, secret, { now: () => NOW + 61_000 }))).toBe(
      'LTI_SESSION_INVALID',
    )
    expect(await codeOf(verifySessionToken(token, other, clock))).toBe('LTI_SESSION_INVALID')
    const foreign = await new SignJWT({ ws: 'ws1' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('m1')
      .setExpirationTime(NOW / 1000 + 60)
      .sign(secret)
    expect(await codeOf(verifySessionToken(foreign, secret, clock))).toBe('LTI_SESSION_INVALID')
  })
})
