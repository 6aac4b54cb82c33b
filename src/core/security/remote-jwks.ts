import { importJWK } from 'jose'
import { LtiError, LtiTokenInvalid, LtiUpstreamFailed } from '../errors.js'
import { readLimited } from '../lib/read-limited.js'
import type { Clock, Fetch } from '../ports.js'

export interface RemoteKeySetsOptions {
  /** Pass the guarded fetch (`web/net/guarded-fetch`) in production: the URL is admin input. */
  readonly fetch: Fetch
  readonly clock: Clock
  /** Whole request, body included. */
  readonly timeoutMs?: number
  /** Largest key set accepted; real ones are a few kilobytes. */
  readonly maxBytes?: number
  /** How long a fetched key set is fresh. */
  readonly cacheTtlMs?: number
  /** Minimum time between two fetches of one URL outside the TTL schedule. */
  readonly refetchCooldownMs?: number
}

export interface JwsHeaderForKey {
  readonly kid?: string
  readonly alg: string
}

export interface RemoteKeySets {
  /**
   * The platform key that verifies a token with this header.
   * @throws LTI_JWKS_FETCH_FAILED, LTI_JWKS_INVALID, LTI_JWT_KID_UNKNOWN, LTI_JWT_KID_MISSING,
   *   LTI_JWT_ALG_UNSUPPORTED
   */
  getKey(jwksUrl: string, header: JwsHeaderForKey): Promise<CryptoKey>
}

type Jwk = Readonly<Record<string, unknown>>

interface Entry {
  keys?: readonly Jwk[]
  fetchedAt: number
  attemptedAt: number
  /** When an unknown `kid` last triggered a refetch (rate-limited separately). */
  kidRefetchAt: number
  lastError?: unknown
  inflight?: Promise<readonly Jwk[]>
  /** Imported keys by `kid alg`, kept with the JWK they came from. */
  imported: Map<string, { jwk: Jwk; key: Promise<CryptoKey> }>
}

// The algorithms the Security Framework lets platforms sign with (§6.1: RS256 at least).
const ALGS = new Set(['RS256', 'RS384', 'RS512'])

/**
 * Platform public keys for verifying id_tokens, fetched from each platform's key set URL.
 *
 * Key sets are cached per URL for `cacheTtlMs`, and concurrent fetches of one URL share one
 * request. A `kid` missing from the cached set triggers one refetch (the platform rotated,
 * Security Framework §6.4), at most once per `refetchCooldownMs` per URL so a flood of forged
 * kids cannot make us hammer the LMS. When a refresh fails, the stale set keeps serving.
 *
 * @see https://www.imsglobal.org/spec/security/v1p0/#h_key-set-url
 * @see https://www.imsglobal.org/spec/security/v1p0/#issuer-public-key-rotation
 */
export function createRemoteKeySets(options: RemoteKeySetsOptions): RemoteKeySets {
  const {
    fetch,
    clock,
    timeoutMs = 5000,
    maxBytes = 256 * 1024,
    cacheTtlMs = 10 * 60_000,
    refetchCooldownMs = 30_000,
  } = options
  const entries = new Map<string, Entry>()

  function load(jwksUrl: string, entry: Entry): Promise<readonly Jwk[]> {
    if (entry.inflight) return entry.inflight
    entry.attemptedAt = clock.now()
    const request = fetchJwkSet(fetch, jwksUrl, { timeoutMs, maxBytes })
      .then((keys) => {
        entry.keys = keys
        entry.fetchedAt = clock.now()
        entry.lastError = undefined
        return keys
      })
      .catch((err: unknown) => {
        entry.lastError = err
        throw err
      })
      .finally(() => {
        entry.inflight = undefined
      })
    entry.inflight = request
    return request
  }

  const coolingDown = (entry: Entry) => clock.now() - entry.attemptedAt < refetchCooldownMs

  return {
    async getKey(jwksUrl, header) {
      if (typeof jwksUrl !== 'string' || typeof header?.alg !== 'string') {
        throw Object.assign(new TypeError('"jwksUrl" and "header.alg" must be strings'), {
          code: 'ERR_INVALID_ARG_TYPE',
        })
      }
      const { kid, alg } = header
      if (!ALGS.has(alg)) {
        throw new LtiTokenInvalid('LTI_JWT_ALG_UNSUPPORTED', 'unsupported "alg" header value', {
          cause: { jwksUrl, kid, alg },
        })
      }
      let entry = entries.get(jwksUrl)
      if (!entry) {
        entry = {
          fetchedAt: 0,
          attemptedAt: -Infinity,
          kidRefetchAt: -Infinity,
          imported: new Map(),
        }
        entries.set(jwksUrl, entry)
      }

      let keys = entry.keys
      let fresh = false
      if (!keys) {
        // No set yet: fail fast with the last error while cooling down, so an unreachable
        // LMS is not asked again on every launch.
        if (entry.lastError !== undefined && !entry.inflight && coolingDown(entry)) {
          throw entry.lastError
        }
        keys = await load(jwksUrl, entry)
        fresh = true
      } else if (clock.now() - entry.fetchedAt >= cacheTtlMs && !coolingDown(entry)) {
        try {
          keys = await load(jwksUrl, entry)
          fresh = true
        } catch {
          // Stale beats nothing: a flaky LMS key set URL must not fail launches it signed.
        }
      }

      let jwk = select(keys, kid, alg, jwksUrl)
      // The cooldown of unknown-kid refetches runs on its own clock: a platform that rotates
      // right after our regular fetch must not see its launches fail until that fetch ages.
      const kidRefetchAllowed = clock.now() - entry.kidRefetchAt >= refetchCooldownMs
      if (!jwk && !fresh && (entry.inflight || kidRefetchAllowed)) {
        // The platform may have rotated (Security Framework §6.4): look once more.
        if (!entry.inflight) entry.kidRefetchAt = clock.now()
        keys = await load(jwksUrl, entry)
        jwk = select(keys, kid, alg, jwksUrl)
      }
      if (!jwk) {
        throw new LtiTokenInvalid('LTI_JWT_KID_UNKNOWN', 'no key in the key set matches "kid"', {
          cause: { jwksUrl, kid },
        })
      }
      return importKey(entry, jwk, alg, jwksUrl)
    },
  }
}

/**
 * RFC 7517 §4 selection: same kid, RSA, meant for signatures (`use` absent or "sig", `key_ops`
 * absent or holding "verify") and not bound to another algorithm. Without a kid only a single
 * candidate is acceptable, as in jose's `createRemoteJWKSet`.
 */
function select(keys: readonly Jwk[], kid: string | undefined, alg: string, jwksUrl: string) {
  const candidates = keys.filter(
    (k) =>
      (kid === undefined || k.kid === kid) &&
      k.kty === 'RSA' &&
      (k.use === undefined || k.use === 'sig') &&
      (k.key_ops === undefined || (Array.isArray(k.key_ops) && k.key_ops.includes('verify'))) &&
      (k.alg === undefined || k.alg === alg),
  )
  if (kid === undefined && candidates.length > 1) {
    throw new LtiTokenInvalid('LTI_JWT_KID_MISSING', 'no "kid" header and several keys match', {
      cause: { jwksUrl },
    })
  }
  return candidates[0]
}

function importKey(entry: Entry, jwk: Jwk, alg: string, jwksUrl: string): Promise<CryptoKey> {
  const cacheKey = `${String(jwk.kid)} ${alg}`
  const cached = entry.imported.get(cacheKey)
  // Same kid but other material after a refetch would break §6.3; re-import rather than trust it.
  if (cached && cached.jwk.n === jwk.n && cached.jwk.e === jwk.e) return cached.key
  // Only the public members: a stray "d", "ext" or "key_ops" in a remote set must not shape
  // what WebCrypto imports.
  const key = importJWK({ kty: 'RSA', n: jwk.n, e: jwk.e } as Record<string, string>, alg)
    .then((k) => k as CryptoKey)
    .then((k) => {
      // WebCrypto imports even an empty modulus; RFC 7518 §3.3 requires 2048 bits or more.
      if ((k.algorithm as RsaHashedKeyAlgorithm).modulusLength >= 2048) return k
      throw new Error('modulus too short')
    })
    .catch(() => {
      entry.imported.delete(cacheKey)
      throw new LtiUpstreamFailed('LTI_JWKS_INVALID', 'key set entry is not a usable RSA key', {
        cause: { jwksUrl, kid: jwk.kid },
      })
    })
  entry.imported.set(cacheKey, { jwk, key })
  return key
}

interface FetchJwkSetOptions {
  readonly timeoutMs: number
  readonly maxBytes: number
}

/**
 * Downloads a JWK Set (RFC 7517 §5), bounded in time and size. An `LtiError` from the fetch
 * itself (a URL the guard refused) passes through unchanged.
 */
async function fetchJwkSet(
  fetch: Fetch,
  jwksUrl: string,
  { timeoutMs, maxBytes }: FetchJwkSetOptions,
): Promise<readonly Jwk[]> {
  const failed = (reason: string, extra: Record<string, unknown> = {}) =>
    new LtiUpstreamFailed('LTI_JWKS_FETCH_FAILED', 'key set URL could not be fetched', {
      cause: { jwksUrl, reason, ...extra },
    })
  const invalid = (reason: string) =>
    new LtiUpstreamFailed('LTI_JWKS_INVALID', 'key set URL did not return a JWK Set', {
      cause: { jwksUrl, reason },
    })

  let body: Uint8Array
  try {
    const response = await fetch(jwksUrl, {
      headers: { accept: 'application/jwk-set+json, application/json' },
      // The configured URL is the key set; a redirect could lead anywhere.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
    if (response.status < 200 || response.status > 299) {
      await response.body?.cancel().catch(() => undefined)
      throw failed('status', { status: response.status })
    }
    const declared = Number(response.headers.get('content-length'))
    if (declared > maxBytes) {
      await response.body?.cancel().catch(() => undefined)
      throw invalid('too large')
    }
    // Content-Length may be absent or lie: count what actually arrives.
    body = await readLimited(response, maxBytes, () => invalid('too large'))
  } catch (err) {
    if (err instanceof LtiError) throw err
    const name = err instanceof Error ? err.name : ''
    throw failed(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network')
  }

  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body))
  } catch {
    throw invalid('not JSON')
  }
  const keys = isObject(json) ? json.keys : undefined
  if (!Array.isArray(keys)) throw invalid('no "keys" array')
  // RFC 7517 §5: members we cannot use are ignored, not fatal.
  return keys.filter(isObject)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
