/**
 * Authorised calls to a platform's Assignment and Grade Services: a cached client-credentials
 * access token, one refresh on 401, a timeout per request, and every failure turned into one
 * `LtiError` code whose `cause` says whether a retry can help.
 */
import { LtiError, LtiUpstreamFailed } from '../../core/errors.js'
import type { LtiErrorCode } from '../../core/errors.js'
import { readLimited } from '../../core/lib/read-limited.js'
import type { AccessTokenCache } from '../../core/oauth/access-token-cache.js'
import { requestAccessToken } from '../../core/oauth/request-access-token.js'
import type { Clock, Fetch, Registration } from '../../core/ports.js'
import type { SigningKey } from '../../core/security/key-set.js'
import { parseRetryAfter } from './parse-retry-after.js'

/** Line item containers of a few hundred items stay far below this. */
export const MAX_AGS_RESPONSE_BYTES = 2 * 1024 * 1024
const ANSWER_CHARS = 300

export interface AgsClientOptions {
  /** Pass the guarded fetch in production: service URLs come from launch claims. */
  readonly fetch: Fetch
  readonly clock: Clock
  readonly tokens: AccessTokenCache
  readonly registration: Pick<Registration, 'id' | 'clientId' | 'accessTokenUrl'>
  readonly signingKey: () => Promise<SigningKey>
  /** The scopes every token of this client carries (AGS 2.0 §3.1: those the claim lists). */
  readonly scopes: readonly string[]
  /** Per request, body included; default 10 s. */
  readonly timeoutMs?: number
  /** No request starts at or after this time (epoch ms by `clock`): the caller's lease. */
  readonly deadline?: number
}

export interface AgsRequest {
  readonly method: 'GET' | 'POST' | 'PUT'
  readonly url: string
  readonly accept: string
  readonly contentType?: string
  readonly body?: unknown
}

export interface AgsResponse {
  readonly status: number
  readonly headers: Headers
  /** The parsed JSON body; `undefined` when empty or not JSON. */
  readonly body: unknown
}

/** The `cause` of every error an {@link AgsClient} throws. */
export interface AgsFailureCause {
  readonly url: string
  readonly method: string
  /** 0 when no answer came. */
  readonly status: number
  readonly reason: 'status' | 'timeout' | 'network' | 'deadline' | 'too large'
  /** A retry may succeed: timeouts, network errors, 401 after a refresh, 408, 429, 5xx. */
  readonly retryable: boolean
  /** The platform may have acted on the request although no success came back. */
  readonly ambiguous: boolean
  readonly retryAfterMs?: number
  /** `HTTP <status>: <start of the body>`, or what happened instead. */
  readonly answer: string
}

/** A response with its raw text, for the error answer. */
interface Answer extends AgsResponse {
  readonly text: string
}

export interface AgsClient {
  /**
   * Sends one request with a bearer token; on 401 drops the token, fetches a fresh one and
   * sends once more.
   * @throws LTI_AGS_SCOPE_FORBIDDEN (403), LTI_AGS_LINE_ITEM_GONE (404), LTI_SCORE_STALE (409),
   *   LTI_AGS_LEARNER_NOT_IN_COURSE (422, or a 400 naming the user), LTI_AGS_REQUEST_FAILED
   *   (anything else), each with an {@link AgsFailureCause}; LTI_TOKEN_RESPONSE_INVALID from the
   *   token request; an `LtiError` of the guarded fetch (a refused URL) unchanged.
   */
  call(request: AgsRequest): Promise<AgsResponse>
}

/**
 * An AGS client for one registration and scope set.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#assignment-and-grade-service-scopes-and-allowed-http-methods
 * @see https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant
 */
export function createAgsClient(options: AgsClientOptions): AgsClient {
  const { fetch, clock, tokens, registration, scopes, timeoutMs = 10_000, deadline } = options
  const token = () =>
    tokens.get(registration.id, scopes, async () =>
      requestAccessToken({
        fetch,
        clock,
        tokenUrl: registration.accessTokenUrl,
        clientId: registration.clientId,
        signingKey: await options.signingKey(),
        scopes,
        timeoutMs,
      }),
    )

  async function send(request: AgsRequest, accessToken: string): Promise<Answer> {
    const now = clock.now()
    if (deadline !== undefined && now >= deadline) {
      throw failure('LTI_AGS_REQUEST_FAILED', request, {
        status: 0,
        reason: 'deadline',
        retryable: true,
        ambiguous: false,
        answer: 'not sent: the run ran out of time',
      })
    }
    const budget = deadline === undefined ? timeoutMs : Math.min(timeoutMs, deadline - now)
    const headers: Record<string, string> = {
      authorization: `Bearer ${accessToken}`,
      accept: request.accept,
    }
    if (request.contentType) headers['content-type'] = request.contentType
    let status = 0
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        // The bearer token goes to the claimed service URL only, never to a redirect target.
        redirect: 'manual',
        signal: AbortSignal.timeout(budget),
      })
      status = response.status
      const bytes = await readLimited(response, MAX_AGS_RESPONSE_BYTES, () =>
        failure('LTI_AGS_REQUEST_FAILED', request, {
          status,
          reason: 'too large',
          retryable: false,
          ambiguous: status >= 200 && status < 300,
          answer: `HTTP ${status}: body larger than ${MAX_AGS_RESPONSE_BYTES} bytes`,
        }),
      )
      const text = new TextDecoder().decode(bytes)
      return { status, headers: response.headers, body: parseJson(text), text }
    } catch (err) {
      if (err instanceof LtiError) throw err
      const name = err instanceof Error ? err.name : ''
      const timeout = name === 'TimeoutError' || name === 'AbortError'
      // Either way the request may have reached the platform.
      throw failure('LTI_AGS_REQUEST_FAILED', request, {
        status,
        reason: timeout ? 'timeout' : 'network',
        retryable: true,
        ambiguous: true,
        answer: timeout ? `no answer within ${budget} ms` : 'network error',
      })
    }
  }

  return {
    async call(request) {
      const first = await token()
      let response = await send(request, first.accessToken)
      if (response.status === 401) {
        // Security Framework §4.1: a refused token (expired or revoked early) is replaced once.
        tokens.invalidate(registration.id, scopes, first.accessToken)
        response = await send(request, (await token()).accessToken)
      }
      if (response.status >= 200 && response.status < 300) return response
      throw statusFailure(request, response, clock.now())
    },
  }
}

function statusFailure(request: AgsRequest, response: Answer, now: number): LtiError {
  const { status, text } = response
  const answer = `HTTP ${status}${text ? `: ${printable(text)}` : ''}`
  const base = { status, reason: 'status' as const, answer }
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now)
  const final = { ...base, retryable: false, ambiguous: false }
  switch (status) {
    case 403:
      return failure('LTI_AGS_SCOPE_FORBIDDEN', request, final)
    case 404:
      return failure('LTI_AGS_LINE_ITEM_GONE', request, final)
    case 409:
      return failure('LTI_SCORE_STALE', request, final)
    case 422:
      return failure('LTI_AGS_LEARNER_NOT_IN_COURSE', request, final)
    case 400:
      // Canvas and others answer 400 for a user not in the course; other 400s are our bug.
      return failure(
        /\b(user|learner|student|enrol|enroll|member)/i.test(text)
          ? 'LTI_AGS_LEARNER_NOT_IN_COURSE'
          : 'LTI_AGS_REQUEST_FAILED',
        request,
        final,
      )
  }
  const retryable = status === 401 || status === 408 || status === 429 || status >= 500
  return failure('LTI_AGS_REQUEST_FAILED', request, {
    ...base,
    retryable,
    // A 5xx may come after the platform stored the score (a proxy timing out, say).
    ambiguous: status >= 500,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  })
}

function failure(
  code: LtiErrorCode,
  request: AgsRequest,
  facts: Omit<AgsFailureCause, 'url' | 'method'>,
): LtiError {
  const cause: AgsFailureCause = { url: request.url, method: request.method, ...facts }
  return new LtiUpstreamFailed(code, `AGS ${request.method} answered: ${facts.answer}`, {
    cause: { ...cause },
  })
}

/** The cause of an error from {@link AgsClient.call}, when it has one. */
export function agsFailureOf(error: unknown): AgsFailureCause | undefined {
  if (!(error instanceof LtiError)) return undefined
  const cause = error.cause as Partial<AgsFailureCause> | undefined
  return cause && typeof cause.retryable === 'boolean' ? (cause as AgsFailureCause) : undefined
}

function parseJson(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** The start of a body, safe for a log line and the admin API. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what must go
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
  return flat.length > ANSWER_CHARS ? `${flat.slice(0, ANSWER_CHARS)}…` : flat
}
