import { promises as dns } from 'node:dns'
import type { LookupAddress, LookupOptions } from 'node:dns'
import { isIP } from 'node:net'
import type { LookupFunction } from 'node:net'
import { Agent, fetch as undiciFetch } from 'undici'
import type { RequestInit as UndiciRequestInit } from 'undici'
import { LtiError, LtiRequestInvalid } from '../../core/errors.js'
import type { Fetch } from '../../core/ports.js'
import { checkConfiguredUrl, isForbiddenAddress } from '../../core/security/url-policy.js'

/** Resolves a host name to every address it has, like `dns.lookup` with `all: true`. */
export type Resolve = (hostname: string, options: LookupOptions) => Promise<LookupAddress[]>

export interface GuardedFetchOptions {
  /** Dev mode: http and loopback addresses are allowed (see `checkConfiguredUrl`). */
  readonly dev: boolean
  /** Whole request, including connect; the caller's own signal still applies. */
  readonly timeoutMs?: number
  /** Name resolution; tests substitute it. Defaults to the system resolver. */
  readonly resolve?: Resolve
}

/** A `Fetch` that also releases its connection pool. */
export type GuardedFetch = Fetch & { close(): Promise<void> }

/**
 * The Node side of server-side request forgery protection, for every URL an admin or an LMS
 * configured (key set URLs, token endpoints, service endpoints).
 *
 * The URL must pass `checkConfiguredUrl`. The connection is then opened through an undici
 * `Agent` whose `lookup` checks every address the host resolves to, at connect time: the
 * address we check is the address we connect to, so DNS rebinding cannot slip past. IP literal
 * hosts skip `lookup` in Node, so they are checked up front. Redirects are returned, never
 * followed: a 3xx could point anywhere.
 *
 * @throws LTI_REQUEST_INVALID, LTI_URL_INSECURE from `checkConfiguredUrl`.
 * @throws LTI_URL_FORBIDDEN_ADDRESS when the host is or resolves to a forbidden address.
 * @see https://www.imsglobal.org/spec/security/v1p0/#transport-security
 */
export function createGuardedFetch(options: GuardedFetchOptions): GuardedFetch {
  const { dev, timeoutMs = 10_000 } = options
  const resolve: Resolve =
    options.resolve ?? ((host, opts) => dns.lookup(host, { ...opts, all: true }))

  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolve(hostname, { family: lookupOptions.family, hints: lookupOptions.hints }).then(
      (addresses) => {
        const first = addresses[0]
        if (!first || addresses.some((a) => isForbiddenAddress(a.address, { dev }))) {
          callback(forbidden(hostname), '', 0)
        } else if (lookupOptions.all) {
          callback(null, addresses)
        } else {
          callback(null, first.address, first.family)
        }
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    )
  }
  const agent = new Agent({ connect: { lookup, timeout: timeoutMs } })

  const guardedFetch = async (input: string | URL, init: RequestInit = {}): Promise<Response> => {
    const url = checkConfiguredUrl(String(input), { dev })
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
    if (isIP(host) !== 0 && isForbiddenAddress(host, { dev })) throw forbidden(host)
    const timeout = AbortSignal.timeout(timeoutMs)
    try {
      const response = await undiciFetch(url, {
        ...(init as UndiciRequestInit),
        redirect: 'manual',
        signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
        dispatcher: agent,
      })
      // undici's Response has the Web shape; only its nominal type differs from the global one.
      return response as unknown as Response
    } catch (err) {
      // undici wraps connect errors: TypeError('fetch failed', { cause: ... }).
      throw findLtiError(err) ?? err
    }
  }

  return Object.assign(guardedFetch, { close: () => agent.close() })
}

function forbidden(hostname: string): LtiError {
  // The resolved address stays out of `cause`: echoing internal addresses back would turn
  // the guard into a probe of the internal network.
  return new LtiRequestInvalid('LTI_URL_FORBIDDEN_ADDRESS', 'host is a forbidden address', {
    cause: { hostname },
  })
}

function findLtiError(err: unknown): LtiError | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof LtiError) return e
  }
  return undefined
}
