import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose'
import { LtiError } from '../errors.js'
import type { Clock, KeyStore, StoredKey } from '../ports.js'
import type { SecretBox } from './secret-box.js'

/**
 * The longest lifetime of anything ltikit signs (one hour: id_tokens, access tokens) plus
 * 15 minutes for clock skew between us and the verifier.
 */
export const DEFAULT_RETIRED_KEY_TTL_MS = 75 * 60_000

const MODULUS_LENGTHS = [2048, 3072, 4096] as const

export interface KeySetOptions {
  readonly store: KeyStore
  /** Seals private JWKs before they reach the store. */
  readonly secretBox: SecretBox
  readonly clock: Clock
  /** RSA modulus in bits; default 2048, the minimum RFC 7518 §3.3 allows for RS256. */
  readonly modulusLength?: (typeof MODULUS_LENGTHS)[number]
  /** How long a retired key stays published; default {@link DEFAULT_RETIRED_KEY_TTL_MS}. */
  readonly retiredKeyTtlMs?: number
}

/** One entry of our published JWKS: the public members only, always for RS256 signing. */
export interface PublicJwk {
  readonly kty: 'RSA'
  readonly n: string
  readonly e: string
  readonly kid: string
  readonly alg: 'RS256'
  readonly use: 'sig'
}

export interface SigningKey {
  readonly kid: string
  readonly alg: 'RS256'
  /** Non-extractable: the private key never leaves WebCrypto once imported. */
  readonly privateKey: CryptoKey
}

export interface KeySet {
  /** Creates an `active` and a `next` key when the owner lacks them. Safe to call concurrently. */
  ensureKeys(ownerId: string): Promise<void>
  /** The key set to serve at the owner's JWKS URL: active, next and recently retired keys. */
  publicJwks(ownerId: string): Promise<{ keys: PublicJwk[] }>
  /** @throws LTI_KEY_UNAVAILABLE when there is no active key or it cannot be decrypted. */
  signingKey(ownerId: string): Promise<SigningKey>
  /** Next becomes active, active becomes retired, a fresh next is published. */
  rotate(ownerId: string): Promise<{ active: string; next: string }>
  /** Deletes retired keys older than the TTL; returns how many went. */
  pruneRetired(ownerId: string): Promise<number>
}

/**
 * A workspace's (or platform's) own RS256 signing keys, persisted through the `KeyStore` port.
 *
 * Security Framework §6.4 asks an issuer that rotates to add the new key under a new `kid` and
 * keep the previous one published for an overlap. We go one step further, publish-before-sign:
 * a key is published as `next` one rotation before it signs, so verifiers that cache our JWKS
 * already hold it, and a retired key stays published until everything it signed has expired.
 * Schedule rotations further apart than verifiers cache key sets (hours, not minutes).
 *
 * Key IDs are RFC 7638 JWK thumbprints (SHA-256): §6.3 forbids reusing a `kid` for another key,
 * and a thumbprint cannot be reused by construction.
 *
 * @throws TypeError (`ERR_INVALID_ARG_TYPE`) for a modulus length other than 2048, 3072 or 4096.
 * @see https://www.imsglobal.org/spec/security/v1p0/#h_key-set-url
 * @see https://www.imsglobal.org/spec/security/v1p0/#issuer-public-key-rotation
 */
export function createKeySet(options: KeySetOptions): KeySet {
  const { store, secretBox, clock } = options
  const modulusLength = options.modulusLength ?? 2048
  const ttl = options.retiredKeyTtlMs ?? DEFAULT_RETIRED_KEY_TTL_MS
  if (!MODULUS_LENGTHS.includes(modulusLength)) {
    throw argError('"modulusLength" must be 2048, 3072 or 4096')
  }
  if (!Number.isFinite(ttl) || ttl < 0) throw argError('"retiredKeyTtlMs" must be >= 0')

  // One decrypted key per owner, replaced when the active kid changes: bounded by owners.
  const cache = new Map<string, { kid: string; key: Promise<SigningKey> }>()

  async function createKey(ownerId: string, status: 'active' | 'next'): Promise<StoredKey> {
    const pair = await generateKeyPair('RS256', { modulusLength, extractable: true })
    const { kty, n, e, d, p, q, dp, dq, qi } = await exportJWK(pair.privateKey)
    const kid = await calculateJwkThumbprint({ kty, n, e }, 'sha256')
    const now = clock.now()
    const key: StoredKey = {
      kid,
      ownerId,
      alg: 'RS256',
      status,
      publicJwk: { kty, n, e, alg: 'RS256', use: 'sig' },
      encryptedPrivateJwk: await secretBox.seal(JSON.stringify({ kty, n, e, d, p, q, dp, dq, qi })),
      createdAt: now,
      ...(status === 'active' ? { activatedAt: now } : {}),
    }
    await store.insertKey(key)
    return key
  }

  async function importPrivate(stored: StoredKey): Promise<SigningKey> {
    const unavailable = (reason: string) =>
      new LtiError('LTI_KEY_UNAVAILABLE', 'stored signing key is unusable', {
        cause: { ownerId: stored.ownerId, kid: stored.kid, reason },
      })
    let jwk: Record<string, unknown>
    try {
      jwk = JSON.parse(await secretBox.open(stored.encryptedPrivateJwk)) as Record<string, unknown>
    } catch (err) {
      if (err instanceof LtiError) throw err
      throw unavailable('not JSON')
    }
    const { kty, n, e } = stored.publicJwk
    // A private half that does not match the published half (a swapped or corrupted row) would
    // sign tokens nobody can verify under this kid; refuse it here instead.
    if (jwk.kty !== 'RSA' || jwk.n !== n || jwk.e !== e || typeof jwk.d !== 'string') {
      throw unavailable('private key does not match public key')
    }
    if ((await calculateJwkThumbprint({ kty, n, e }, 'sha256')) !== stored.kid) {
      throw unavailable('kid is not the JWK thumbprint')
    }
    try {
      const { d, p, q, dp, dq, qi } = jwk
      const privateKey = await importJWK(
        { kty, n, e, d, p, q, dp, dq, qi } as Record<string, string>,
        'RS256',
        { extractable: false },
      )
      return { kid: stored.kid, alg: 'RS256', privateKey: privateKey as CryptoKey }
    } catch {
      throw unavailable('import failed')
    }
  }

  const keySet: KeySet = {
    async ensureKeys(ownerId) {
      checkOwner(ownerId)
      const keys = await store.listKeys(ownerId)
      const active = pick(keys, 'active')
      const next = pick(keys, 'next')
      if (active && next) return settle(ownerId, keys)
      // A published next key without an active one (a crash mid-setup): promote it rather
      // than sign with a key nobody has seen yet.
      if (next) {
        await keySet.rotate(ownerId)
        return
      }
      if (!active) await createKey(ownerId, 'active')
      await createKey(ownerId, 'next')
      // Two instances may both have seen an empty store and inserted; converge on one pair.
      await settle(ownerId, await store.listKeys(ownerId))
    },

    async publicJwks(ownerId) {
      checkOwner(ownerId)
      const now = clock.now()
      const keys = (await store.listKeys(ownerId))
        .filter(
          (k) => k.status !== 'retired' || k.retiredAt === undefined || now - k.retiredAt < ttl,
        )
        .filter((k) => typeof k.publicJwk.n === 'string' && typeof k.publicJwk.e === 'string')
        // Active first: some verifiers wrongly take keys[0] when the kid lookup fails.
        .sort((a, b) => RANK[a.status] - RANK[b.status] || b.createdAt - a.createdAt)
      return { keys: keys.map(toPublicJwk) }
    },

    async signingKey(ownerId) {
      checkOwner(ownerId)
      const active = pick(await store.listKeys(ownerId), 'active')
      if (!active) {
        throw new LtiError('LTI_KEY_UNAVAILABLE', 'no active signing key', { cause: { ownerId } })
      }
      const cached = cache.get(ownerId)
      if (cached?.kid === active.kid) return cached.key
      const key = importPrivate(active)
      cache.set(ownerId, { kid: active.kid, key })
      key.catch(() => {
        if (cache.get(ownerId)?.key === key) cache.delete(ownerId)
      })
      return key
    },

    async rotate(ownerId) {
      checkOwner(ownerId)
      const keys = await store.listKeys(ownerId)
      const next = pick(keys, 'next')
      if (!next) {
        // Nothing published to promote yet: set the owner up instead.
        await keySet.ensureKeys(ownerId)
        const settled = await store.listKeys(ownerId)
        const [active, fresh] = [pick(settled, 'active'), pick(settled, 'next')]
        if (!active || !fresh) {
          throw new LtiError('LTI_KEY_UNAVAILABLE', 'key set not initialised', {
            cause: { ownerId },
          })
        }
        return { active: active.kid, next: fresh.kid }
      }
      // Insert first: a crash in between leaves one extra published key, never an unpublished
      // signer or a missing next.
      const fresh = await createKey(ownerId, 'next')
      const at = clock.now()
      await store.updateKeyStatuses(ownerId, [
        { kid: next.kid, status: 'active', at },
        ...keys
          .filter((k) => k.status === 'active')
          .map((k) => ({ kid: k.kid, status: 'retired' as const, at })),
      ])
      cache.delete(ownerId)
      return { active: next.kid, next: fresh.kid }
    },

    async pruneRetired(ownerId) {
      checkOwner(ownerId)
      return store.deleteRetiredKeys(ownerId, clock.now() - ttl)
    },
  }

  /** Retires duplicate active/next keys left by concurrent `ensureKeys` calls, in one update. */
  async function settle(ownerId: string, keys: readonly StoredKey[]): Promise<void> {
    const keep = new Set([pick(keys, 'active')?.kid, pick(keys, 'next')?.kid])
    const at = clock.now()
    const extra = keys.filter((k) => k.status !== 'retired' && !keep.has(k.kid))
    if (extra.length === 0) return
    // Retired, not deleted: an instance may already have signed with a losing active key.
    await store.updateKeyStatuses(
      ownerId,
      extra.map((k) => ({ kid: k.kid, status: 'retired' as const, at })),
    )
  }

  return keySet
}

const RANK = { active: 0, next: 1, retired: 2 } as const

/**
 * The one key of a status every instance agrees on: the oldest (by activation, then creation),
 * ties broken by kid. Deterministic, so racing instances converge without coordination.
 */
function pick(keys: readonly StoredKey[], status: 'active' | 'next'): StoredKey | undefined {
  const since = (k: StoredKey) =>
    status === 'active' ? (k.activatedAt ?? k.createdAt) : k.createdAt
  return keys
    .filter((k) => k.status === status)
    .sort((a, b) => since(a) - since(b) || (a.kid < b.kid ? -1 : a.kid > b.kid ? 1 : 0))[0]
}

// Built member by member: private members must never reach the JWKS, even from a bad row.
function toPublicJwk(key: StoredKey): PublicJwk {
  const { n, e } = key.publicJwk as { n: string; e: string }
  return { kty: 'RSA', n, e, kid: key.kid, alg: 'RS256', use: 'sig' }
}

function checkOwner(ownerId: unknown): void {
  if (typeof ownerId !== 'string' || ownerId === '') throw argError('"ownerId" must be a string')
}

function argError(message: string): TypeError {
  return Object.assign(new TypeError(message), { code: 'ERR_INVALID_ARG_TYPE' })
}
