import { describe, expect, it } from 'vitest'
import {
  DEFAULT_SCRYPT_COST,
  MAX_PASSWORD_LENGTH,
  hashPassword,
  verifyPassword,
  verifyPasswordOfUnknownUser,
} from './password.js'

// A cheap cost keeps the suite fast; one test covers the default.
const CHEAP = { log2N: 10, r: 8, p: 1 }

describe('hashPassword / verifyPassword', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery', CHEAP)
    expect(await verifyPassword('correct horse battery', hash)).toBe(true)
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false)
    expect(await verifyPassword('', hash)).toBe(false)
  })

  it('encodes the parameters and a fresh random salt in each hash', async () => {
    const a = await hashPassword('same password', CHEAP)
    const b = await hashPassword('same password', CHEAP)
    expect(a).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
    expect(a).not.toBe(b)
    expect(await verifyPassword('same password', b)).toBe(true)
  })

  it('hashes with the default cost when none is given', async () => {
    const hash = await hashPassword('default cost password')
    const { log2N, r, p } = DEFAULT_SCRYPT_COST
    expect(hash.startsWith(`scrypt$${log2N}$${r}$${p}$`)).toBe(true)
    expect(await verifyPassword('default cost password', hash)).toBe(true)
  })

  it('matches the same password typed in another Unicode normal form', async () => {
    const composed = 'caf\u00e9-secret'
    const decomposed = 'cafe\u0301-secret'
    const hash = await hashPassword(composed, CHEAP)
    expect(await verifyPassword(decomposed, hash)).toBe(true)
  })

  it('refuses, without throwing, malformed or tampered stored hashes', async () => {
    const hash = await hashPassword('pw-12345678', CHEAP)
    const parts = hash.split('$')
    const variants = [
      '',
      'plain-text-password',
      hash.replace(/^scrypt/, 'bcrypt'),
      parts.slice(0, 5).join('$'),
      // A cost that would burn gigabytes is refused before any work.
      ['scrypt', '30', '8', '1', parts[4], parts[5]].join('$'),
      ['scrypt', '10', '8', '1', parts[4], ''].join('$'),
      // Another salt: the same password no longer matches.
      ['scrypt', '10', '8', '1', 'AAAAAAAAAAAAAAAAAAAAAA', parts[5]].join('$'),
      ['scrypt', '10', '9', '1', parts[4], parts[5]].join('$'),
    ]
    for (const stored of variants) {
      expect(await verifyPassword('pw-12345678', stored as string), stored).toBe(false)
    }
  })

  it('bounds the password length', async () => {
    const long = 'x'.repeat(MAX_PASSWORD_LENGTH + 1)
    await expect(hashPassword(long, CHEAP)).rejects.toMatchObject({
      code: 'ERR_INVALID_ARG_TYPE',
    })
    const hash = await hashPassword('x'.repeat(MAX_PASSWORD_LENGTH), CHEAP)
    expect(await verifyPassword(long, hash)).toBe(false)
    expect(await verifyPassword('x'.repeat(MAX_PASSWORD_LENGTH), hash)).toBe(true)
  })

  it('refuses a cost out of bounds', async () => {
    await expect(hashPassword('pw', { log2N: 40, r: 8, p: 1 })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARG_TYPE',
    })
  })
})

describe('verifyPasswordOfUnknownUser', () => {
  it('always answers false, for any input', async () => {
    expect(await verifyPasswordOfUnknownUser('anything')).toBe(false)
    expect(await verifyPasswordOfUnknownUser('')).toBe(false)
  })

  it('does the work of a real verification (scrypt at the default cost)', async () => {
    const started = performance.now()
    await verifyPasswordOfUnknownUser('warm-up')
    const dummy = performance.now() - started
    const hash = await hashPassword('real password')
    const t0 = performance.now()
    await verifyPassword('wrong password', hash)
    const real = performance.now() - t0
    // Loose bound: the point is that it is not instant, so an unknown address is not obvious.
    expect(dummy).toBeGreaterThan(real / 4)
  })
})
