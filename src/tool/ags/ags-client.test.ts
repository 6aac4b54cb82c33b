import { generateKeyPair } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { LtiError } from '../../core/errors.js'
import { createAccessTokenCache } from '../../core/oauth/access-token-cache.js'
import type { SigningKey } from '../../core/security/key-set.js'
import { agsFailureOf, createAgsClient } from './ags-client.js'
import type { AgsClientOptions } from './ags-client.js'

const NOW = Date.UTC(2026, 10, 23, 9, 0, 0)
const clock = { now: () => NOW }
const TOKEN_URL = 'https://lms.example/token'
const SERVICE = 'https://lms.example/li/1/scores'
let signingKey: SigningKey

beforeAll(async () => {
  const { privateKey } = await generateKeyPair('RS256')
  signingKey = { kid: 'k1', alg: 'RS256', privateKey }
})

type Answer = Response | (() => never)

/** A platform answering service calls from a script; tokens are `tok-1`, `tok-2` … */
function platform(answers: Answer[]) {
  const calls: { url: string; init: RequestInit }[] = []
  let tokens = 0
  const fetch: AgsClientOptions['fetch'] = async (input, init = {}) => {
    const url = String(input)
    calls.push({ url, init })
    if (url === TOKEN_URL) {
      return Response.json({ access_token: `tok-${++tokens}`, token_type: 'Bearer' })
    }
    const next = answers.shift()
    if (!next) throw new Error('unexpected call')
    return typeof next === 'function' ? next() : next
  }
  const client = (overrides: Partial<AgsClientOptions> = {}) =>
    createAgsClient({
      fetch,
      clock,
      tokens: createAccessTokenCache({ clock }),
      registration: { id: 'reg-1', clientId: 'client-1', accessTokenUrl: TOKEN_URL },
      signingKey: async () => signingKey,
      scopes: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
      ...overrides,
    })
  return { calls, client, services: () => calls.filter((c) => c.url !== TOKEN_URL) }
}

const request = {
  method: 'POST',
  url: SERVICE,
  accept: '*/*',
  contentType: 'a/b',
  body: { x: 1 },
} as const

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  )
  if (!(error instanceof LtiError)) throw new Error(`expected an LtiError, got ${String(error)}`)
  return { code: error.code, ...agsFailureOf(error) }
}

describe('createAgsClient', () => {
  it('sends the request with a bearer token, never following a redirect', async () => {
    const p = platform([Response.json({ ok: true })])
    const response = await p.client().call(request)
    expect(response.body).toEqual({ ok: true })
    const [call] = p.services()
    expect(call?.init).toMatchObject({
      method: 'POST',
      redirect: 'manual',
      body: '{"x":1}',
      headers: { authorization: 'Bearer tok-1', accept: '*/*', 'content-type': 'a/b' },
    })
  })

  it('fetches a fresh token once after a 401', async () => {
    const p = platform([new Response(null, { status: 401 }), new Response(null, { status: 204 })])
    expect((await p.client().call(request)).status).toBe(204)
    expect(
      p.services().map((c) => (c.init.headers as Record<string, string>).authorization),
    ).toEqual(['Bearer tok-1', 'Bearer tok-2'])
  })

  it('gives up after a second 401, as something to retry later', async () => {
    const p = platform([new Response(null, { status: 401 }), new Response(null, { status: 401 })])
    expect(await failure(p.client().call(request))).toMatchObject({
      code: 'LTI_AGS_REQUEST_FAILED',
      status: 401,
      retryable: true,
    })
  })

  it.each([
    [403, '', 'LTI_AGS_SCOPE_FORBIDDEN'],
    [404, '', 'LTI_AGS_LINE_ITEM_GONE'],
    [409, '', 'LTI_SCORE_STALE'],
    [422, '', 'LTI_AGS_LEARNER_NOT_IN_COURSE'],
    [400, '{"error":"User is not enrolled"}', 'LTI_AGS_LEARNER_NOT_IN_COURSE'],
    [400, '{"error":"scoreGiven must be a number"}', 'LTI_AGS_REQUEST_FAILED'],
    [302, '', 'LTI_AGS_REQUEST_FAILED'],
  ])('fails for good on %i %s', async (status, body, code) => {
    const p = platform([new Response(body || null, { status })])
    expect(await failure(p.client().call(request))).toMatchObject({
      code,
      status,
      retryable: false,
      ambiguous: false,
      answer: body ? `HTTP ${status}: ${body}` : `HTTP ${status}`,
    })
  })

  it('retries 5xx (which may have been applied) and 429, with Retry-After', async () => {
    const p = platform([
      new Response('oops\n\u0000', { status: 503 }),
      new Response(null, { status: 429, headers: { 'retry-after': '30' } }),
    ])
    expect(await failure(p.client().call(request))).toMatchObject({
      code: 'LTI_AGS_REQUEST_FAILED',
      retryable: true,
      ambiguous: true,
      answer: 'HTTP 503: oops',
    })
    expect(await failure(p.client().call(request))).toMatchObject({
      retryable: true,
      ambiguous: false,
      retryAfterMs: 30_000,
    })
  })

  it('treats timeouts and network errors as retryable and possibly applied', async () => {
    const p = platform([
      () => {
        throw new DOMException('timed out', 'TimeoutError')
      },
      () => {
        throw new TypeError('fetch failed')
      },
    ])
    expect(await failure(p.client({ timeoutMs: 250 }).call(request))).toMatchObject({
      reason: 'timeout',
      retryable: true,
      ambiguous: true,
      answer: 'no answer within 250 ms',
    })
    expect(await failure(p.client().call(request))).toMatchObject({
      reason: 'network',
      retryable: true,
      ambiguous: true,
    })
  })

  it('sends nothing once the deadline has passed', async () => {
    const p = platform([])
    expect(await failure(p.client({ deadline: NOW }).call(request))).toMatchObject({
      reason: 'deadline',
      retryable: true,
      ambiguous: false,
    })
    expect(p.services()).toEqual([])
  })

  it('lets a URL the guarded fetch refuses through unchanged', async () => {
    const refused = new LtiError('LTI_URL_FORBIDDEN_ADDRESS', 'private address')
    const p = platform([
      () => {
        throw refused
      },
    ])
    await expect(p.client().call(request)).rejects.toBe(refused)
  })
})
