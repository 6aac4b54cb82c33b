import { calculateJwkThumbprint, createLocalJWKSet, jwtVerify, SignJWT } from 'jose'
import { describe, expect, it, vi } from 'vitest'
import type { KeyStore, StoredKey } from '../ports.js'
import { createKeySet, DEFAULT_RETIRED_KEY_TTL_MS } from './key-set.js'
import type { KeySetOptions } from './key-set.js'
import { createSecretBox, generateSecretKey } from './secret-box.js'

/** KeyStore fake; every call yields first so concurrent callers interleave as against a DB. */
class MemoryKeyStore implements KeyStore {
  readonly rows = new Map<string, StoredKey>()
  readonly tick = () => new Promise<void>((resolve) => setImmediate(resolve))

  async listKeys(ownerId: string): Promise<StoredKey[]> {
    await this.tick()
    return [...this.rows.values()].filter((k) => k.ownerId === ownerId).map((k) => ({ ...k }))
  }
  async insertKey(key: StoredKey): Promise<void> {
    await this.tick()
    if (this.rows.has(key.kid)) throw new Error('duplicate kid')
    this.rows.set(key.kid, { ...key })
  }
  async updateKeyStatuses(
    ownerId: string,
    changes: readonly { kid: string; status: StoredKey['status']; at: number }[],
  ): Promise<void> {
    await this.tick()
    for (const { kid, status, at } of changes) {
      const row = this.rows.get(kid)
      if (!row || row.ownerId !== ownerId) throw new Error('unknown kid')
      this.rows.set(kid, {
        ...row,
        status,
        ...(status === 'active' ? { activatedAt: at } : {}),
        ...(status === 'retired' ? { retiredAt: at } : {}),
      })
    }
  }
  async deleteRetiredKeys(ownerId: string, before: number): Promise<number> {
    await this.tick()
    let deleted = 0
    for (const [kid, k] of this.rows) {
      if (k.ownerId === ownerId && k.status === 'retired' && (k.retiredAt ?? 0) < before) {
        this.rows.delete(kid)
        deleted++
      }
    }
    return deleted
  }
}

const OWNER = 'ws_1'
const HOUR = 60 * 60_000

function setup(overrides: Partial<KeySetOptions> = {}) {
  const clock = { t: Date.UTC(2025, 0, 1), now: () => clock.t }
  const store = new MemoryKeyStore()
  const secretBox = createSecretBox([generateSecretKey()])
  const options = { store, secretBox, clock, ...overrides }
  return { clock, store, secretBox, options, keySet: createKeySet(options) }
}

const kids = async (jwks: Promise<{ keys: { kid: string }[] }>) =>
  (await jwks).keys.map((k) => k.kid)

async function signAndVerify(
  keySet: ReturnType<typeof createKeySet>,
  published: { keys: object[] },
): Promise<string> {
  const { kid, alg, privateKey } = await keySet.signingKey(OWNER)
  const jwt = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg, kid }).sign(privateKey)
  await jwtVerify(jwt, createLocalJWKSet(published as Parameters<typeof createLocalJWKSet>[0]))
  return kid
}

describe('createKeySet', () => {
  it('creates one active and one next key, once', async () => {
    const { keySet, store } = setup()
    await keySet.ensureKeys(OWNER)
    await keySet.ensureKeys(OWNER)
    const statuses = [...store.rows.values()].map((k) => k.status).sort()
    expect(statuses).toEqual(['active', 'next'])
  })

  it('publishes public RS256 members only, with RFC 7638 thumbprints as kid', async () => {
    const { keySet, store } = setup()
    await keySet.ensureKeys(OWNER)
    const { keys } = await keySet.publicJwks(OWNER)
    expect(keys).toHaveLength(2)
    for (const jwk of keys) {
      expect(Object.keys(jwk).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use'])
      expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' })
      expect(jwk.kid).toBe(await calculateJwkThumbprint({ kty: 'RSA', n: jwk.n, e: jwk.e }))
      // 2048-bit modulus: 256 bytes, 342 base64url characters.
      expect(jwk.n).toHaveLength(342)
    }
    // Active first: some verifiers wrongly take keys[0].
    expect(keys[0]?.kid).toBe((await keySet.signingKey(OWNER)).kid)
    for (const row of store.rows.values()) {
      expect(row.encryptedPrivateJwk).toMatch(/^v1\./)
      expect(row.encryptedPrivateJwk).not.toMatch(/"d"|"p"|"q"/)
    }
  })

  it('computes kids as RFC 7638 §3.1 does (SHA-256 thumbprint)', async () => {
    const n =
      '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw'
    expect(await calculateJwkThumbprint({ kty: 'RSA', n, e: 'AQAB' }, 'sha256')).toBe(
      'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs',
    )
  })

  it('rotates publish-before-sign: the key that signs next was published before', async () => {
    const { keySet, clock } = setup()
    await keySet.ensureKeys(OWNER)
    const before = await keySet.publicJwks(OWNER)
    const first = await signAndVerify(keySet, before)
    const [nextBefore] = (await kids(Promise.resolve(before))).filter((k) => k !== first)

    clock.t += 30 * 24 * HOUR
    const rotated = await keySet.rotate(OWNER)
    expect(rotated.active).toBe(nextBefore)
    const after = await keySet.publicJwks(OWNER)

    // A verifier still holding the old JWKS verifies what we sign now.
    expect(await signAndVerify(keySet, before)).toBe(nextBefore)
    expect(await signAndVerify(keySet, after)).toBe(nextBefore)
    // The new next key is published at once but does not sign yet.
    expect(await kids(Promise.resolve(after))).toEqual([nextBefore, rotated.next, first])
    expect((await keySet.signingKey(OWNER)).kid).not.toBe(rotated.next)

    // The retired key stays published for the TTL, then goes, then is pruned.
    clock.t += DEFAULT_RETIRED_KEY_TTL_MS - 1
    expect(await kids(keySet.publicJwks(OWNER))).toContain(first)
    expect(await keySet.pruneRetired(OWNER)).toBe(0)
    clock.t += 1
    expect(await kids(keySet.publicJwks(OWNER))).toEqual([nextBefore, rotated.next])
    clock.t += 1
    expect(await keySet.pruneRetired(OWNER)).toBe(1)

    // And the following rotation makes the published next key sign.
    await keySet.rotate(OWNER)
    expect((await keySet.signingKey(OWNER)).kid).toBe(rotated.next)
  })

  it('the default TTL outlives a one-hour token', () => {
    expect(DEFAULT_RETIRED_KEY_TTL_MS).toBeGreaterThan(HOUR)
  })

  it('applies every status change of a rotation in one updateKeyStatuses call', async () => {
    const { keySet, store } = setup()
    await keySet.ensureKeys(OWNER)
    const spy = vi.spyOn(store, 'updateKeyStatuses')
    const { active } = await keySet.rotate(OWNER)
    expect(spy).toHaveBeenCalledTimes(1)
    const changes = spy.mock.calls[0]?.[1] ?? []
    expect(changes.map((c) => c.status).sort()).toEqual(['active', 'retired'])
    expect(changes.find((c) => c.status === 'active')?.kid).toBe(active)
  })

  it('converges when two instances call ensureKeys at once', async () => {
    const { options, store } = setup()
    const a = createKeySet(options)
    const b = createKeySet(options)
    await Promise.all([a.ensureKeys(OWNER), b.ensureKeys(OWNER)])
    // Both saw an empty store and inserted a pair: the race really happened.
    expect(store.rows.size).toBe(4)
    const live = [...store.rows.values()].filter((k) => k.status !== 'retired')
    expect(live.map((k) => k.status).sort()).toEqual(['active', 'next'])
    // Both instances sign with the same key, and every key either may have used is published.
    const [ka, kb] = await Promise.all([a.signingKey(OWNER), b.signingKey(OWNER)])
    expect(ka.kid).toBe(kb.kid)
    expect((await a.publicJwks(OWNER)).keys).toHaveLength(store.rows.size)
  })

  it('promotes a published next key when the active one is missing', async () => {
    const { keySet, store } = setup()
    await keySet.ensureKeys(OWNER)
    const active = [...store.rows.values()].find((k) => k.status === 'active') as StoredKey
    const next = [...store.rows.values()].find((k) => k.status === 'next') as StoredKey
    store.rows.delete(active.kid)
    await keySet.ensureKeys(OWNER)
    expect((await keySet.signingKey(OWNER)).kid).toBe(next.kid)
  })

  it('rotate on an empty owner sets it up', async () => {
    const { keySet } = setup()
    const { active, next } = await keySet.rotate(OWNER)
    expect((await keySet.signingKey(OWNER)).kid).toBe(active)
    expect(await kids(keySet.publicJwks(OWNER))).toEqual([active, next])
  })

  it('decrypts and imports the signing key once', async () => {
    const { keySet, secretBox } = setup()
    await keySet.ensureKeys(OWNER)
    const open = vi.spyOn(secretBox, 'open')
    const [k1, k2] = await Promise.all([keySet.signingKey(OWNER), keySet.signingKey(OWNER)])
    const k3 = await keySet.signingKey(OWNER)
    expect(open).toHaveBeenCalledTimes(1)
    expect(k1.privateKey).toBe(k2.privateKey)
    expect(k1.privateKey).toBe(k3.privateKey)
    expect(k1.privateKey.extractable).toBe(false)
    expect(k1.privateKey.type).toBe('private')
  })

  it('fails with LTI_KEY_UNAVAILABLE when there is no key', async () => {
    const { keySet } = setup()
    await expect(keySet.signingKey(OWNER)).rejects.toMatchObject({ code: 'LTI_KEY_UNAVAILABLE' })
  })

  it('fails with LTI_KEY_UNAVAILABLE under the wrong encryption key, then recovers', async () => {
    const { options, keySet } = setup()
    await keySet.ensureKeys(OWNER)
    const wrong = createKeySet({ ...options, secretBox: createSecretBox([generateSecretKey()]) })
    await expect(wrong.signingKey(OWNER)).rejects.toMatchObject({ code: 'LTI_KEY_UNAVAILABLE' })
    await expect(keySet.signingKey(OWNER)).resolves.toMatchObject({ alg: 'RS256' })
  })

  it('refuses a row whose private key does not match its public key', async () => {
    const { keySet, store } = setup()
    await keySet.ensureKeys(OWNER)
    const [a, b] = [...store.rows.values()] as [StoredKey, StoredKey]
    const active = a.status === 'active' ? a : b
    const other = active === a ? b : a
    store.rows.set(active.kid, { ...active, encryptedPrivateJwk: other.encryptedPrivateJwk })
    await expect(keySet.signingKey(OWNER)).rejects.toMatchObject({ code: 'LTI_KEY_UNAVAILABLE' })
  })

  it('never publishes private members, even from a bad row', async () => {
    const { keySet, store } = setup()
    await keySet.ensureKeys(OWNER)
    for (const [kid, row] of store.rows) {
      store.rows.set(kid, { ...row, publicJwk: { ...row.publicJwk, d: 'secret', p: 'secret' } })
    }
    expect(JSON.stringify(await keySet.publicJwks(OWNER))).not.toContain('secret')
  })

  it('keeps owners apart', async () => {
    const { keySet } = setup()
    await keySet.ensureKeys(OWNER)
    await keySet.ensureKeys('ws_2')
    const one = await kids(keySet.publicJwks(OWNER))
    const two = await kids(keySet.publicJwks('ws_2'))
    expect(one.filter((k) => two.includes(k))).toEqual([])
    expect((await keySet.signingKey('ws_2')).kid).not.toBe((await keySet.signingKey(OWNER)).kid)
  })

  it('supports 3072-bit keys', async () => {
    const { keySet } = setup({ modulusLength: 3072 })
    await keySet.ensureKeys(OWNER)
    const { keys } = await keySet.publicJwks(OWNER)
    expect(keys[0]?.n).toHaveLength(512)
    await signAndVerify(keySet, { keys })
  })

  it.each([1024, 2047, 8192])('refuses modulusLength %s', (modulusLength) => {
    expect(() => setup({ modulusLength: modulusLength as 2048 })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    )
  })
})
