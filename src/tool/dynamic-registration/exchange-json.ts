/**
 * One bounded JSON exchange with a platform during registration: a deadline over the whole
 * exchange (connect, headers and body) and a byte limit on the body, so a slow or hostile LMS
 * can hold neither a request nor memory.
 */
import { LtiError } from '../../core/errors.js'
import { readLimited } from '../../core/lib/read-limited.js'
import type { Fetch } from '../../core/ports.js'

export interface ExchangeLimits {
  readonly timeoutMs: number
  readonly maxBytes: number
}

export type ExchangeResult =
  | { readonly ok: true; readonly status: number; readonly json: unknown }
  | { readonly ok: false; readonly status: number; readonly json: unknown }

/** How each failure is reported; each step of the flow names its own codes. */
export interface ExchangeErrors {
  /** Network error, timeout, or (for `body`) a body cut off. */
  unreachable(reason: string): LtiError
  tooLarge(): LtiError
  notJson(): LtiError
}

export async function exchangeJson(
  fetch: Fetch,
  url: string,
  init: RequestInit,
  limits: ExchangeLimits,
  errors: ExchangeErrors,
): Promise<ExchangeResult> {
  const signal = AbortSignal.timeout(limits.timeoutMs)
  let response: Response
  try {
    response = await fetch(url, { ...init, redirect: 'manual', signal })
  } catch (error) {
    // The guarded fetch throws LtiErrors of its own (insecure URL, forbidden address).
    if (error instanceof LtiError) throw error
    throw errors.unreachable(signal.aborted ? 'timeout' : 'network')
  }
  let bytes: Uint8Array
  try {
    bytes = await readLimited(response, limits.maxBytes, () => errors.tooLarge())
  } catch (error) {
    if (error instanceof LtiError) throw error
    throw errors.unreachable(signal.aborted ? 'timeout' : 'body')
  }
  const ok = response.status >= 200 && response.status < 300
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    if (ok) throw errors.notJson()
    json = undefined
  }
  return { ok, status: response.status, json }
}
