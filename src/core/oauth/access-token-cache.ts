/**
 * Access tokens are reusable until they expire (Security Framework §4.1), and every service
 * call needs one: asking the token endpoint per call would double the latency and invite rate
 * limits. This cache holds one token per (registration, scope set).
 */
import type { Clock } from '../ports.js'
import type { AccessToken } from './request-access-token.js'

export interface AccessTokenCacheOptions {
  readonly clock: Clock
  /** Refresh this long before `expiresAt`, so a token never expires mid-request; default 60 s. */
  readonly refreshMarginMs?: number
}

export interface AccessTokenCache {
  /**
   * A cached token for `key` (a registration ID, say) and this scope set, in any order, or
   * a fresh one from `fetchToken`. Concurrent callers that miss share one `fetchToken` call.
   * A failed fetch is not cached: the next call tries again.
   */
  get(
    key: string,
    scopes: readonly string[],
    fetchToken: () => Promise<AccessToken>,
  ): Promise<AccessToken>
  /**
   * Drops the cached token, for when a service answered 401 with it. Pass the refused
   * `accessToken` so that of many calls refused together, only the first drops a token: the
   * others then reuse the fresh one instead of each fetching their own.
   */
  invalidate(key: string, scopes: readonly string[], accessToken?: string): void
}

interface Entry {
  token?: AccessToken
  refreshAt: number
  inflight?: Promise<AccessToken>
}

/**
 * Creates an in-memory access token cache with single-flight fetching.
 * @throws TypeError (`ERR_INVALID_ARG_TYPE`) for a negative or non-finite margin.
 * @see https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant
 */
export function createAccessTokenCache(options: AccessTokenCacheOptions): AccessTokenCache {
  const { clock, refreshMarginMs = 60_000 } = options
  if (!Number.isFinite(refreshMarginMs) || refreshMarginMs < 0) {
    throw Object.assign(new TypeError('"refreshMarginMs" must be >= 0'), {
      code: 'ERR_INVALID_ARG_TYPE',
    })
  }
  // Bounded by registrations x the scope sets the tool asks for: a handful each.
  const entries = new Map<string, Entry>()

  return {
    get(key, scopes, fetchToken) {
      const id = cacheKey(key, scopes)
      let entry = entries.get(id)
      if (entry?.token && clock.now() < entry.refreshAt) return Promise.resolve(entry.token)
      if (entry?.inflight) return entry.inflight
      if (!entry) {
        entry = { refreshAt: 0 }
        entries.set(id, entry)
      }
      const current = entry
      const fetchedAt = clock.now()
      const request = Promise.resolve()
        .then(fetchToken)
        .then((token) => {
          current.token = token
          // A token shorter-lived than the margin would be refetched on every call; keep it
          // for half its life instead.
          const margin = Math.min(refreshMarginMs, (token.expiresAt - fetchedAt) / 2)
          current.refreshAt = token.expiresAt - margin
          return token
        })
        .finally(() => {
          if (current.inflight === request) current.inflight = undefined
        })
      current.inflight = request
      return request
    },

    invalidate(key, scopes, accessToken) {
      const entry = entries.get(cacheKey(key, scopes))
      if (!entry?.token) return
      if (accessToken !== undefined && entry.token.accessToken !== accessToken) return
      // A fetch already in flight started after this token was cached: let it land.
      entry.token = undefined
      entry.refreshAt = 0
    },
  }
}

/** The scope set, not the list: `[a, b]` and `[b, a, a]` share a token. */
function cacheKey(key: string, scopes: readonly string[]): string {
  return `${key}\n${[...new Set(scopes)].sort().join(' ')}`
}
