/**
 * The grade side of the in-test LMS: a token endpoint (client credentials with a JWT assertion)
 * and Assignment and Grade Services on a loopback socket, with the quirks real LMSes have
 * (Moodle's query-string line item URLs, typographic quotes in `Link`, a 409 on a stale
 * timestamp, a 422 for a learner not in the course) and scripted faults (5xx, 429, 401, timeouts,
 * network errors) for the passback tests.
 *
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/
 */
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { decodeJwt } from 'jose'
import type { LineItem, Score } from '../../src/core/ags/types.js'
import { MEDIA_TYPE, SCOPE } from '../../src/core/claims.js'
import type { KeyResolver } from '../../src/core/launch/validate-launch.js'
import { validateClientAssertion } from '../../src/core/oauth/validate-client-assertion.js'
import { systemClock } from '../../src/core/ports.js'
import type { Clock } from '../../src/core/ports.js'
import { MemoryNonces } from './memory-stores.js'

/** Which endpoint a fault applies to. */
export type AgsRoute = 'token' | 'lineitems' | 'lineitem' | 'scores'

/**
 * A scripted misbehaviour, used by the next `times` requests to `on` (default once).
 * - `status`: answer with it (and `headers`, `body`) instead of serving the request;
 * - `timeout` / `network`: the tool's fetch throws as if no answer came; with `served`, the
 *   request reaches the LMS first (the score is stored, the answer lost).
 */
export type AgsFault = { on: AgsRoute; times?: number } & (
  | { status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'timeout' | 'network'; served?: boolean }
)

export interface AgsEmulatorOptions {
  clientId?: string
  clock?: Clock
  /** Verifies client assertions (signature, `aud`, `jti`); without it they are only decoded. */
  toolKeys?: KeyResolver
  /** The tool's JWKS URL, for `toolKeys`; settable later. */
  toolJwksUrl?: string
  /** Line items per container page; default 50. */
  pageSize?: number
  /** Write `Link` with typographic quotes (`rel=“next”`), as some Moodle versions do. */
  typographicLinks?: boolean
  /** Ignore `resource_link_id` on the container, as some platforms do: the tool filters. */
  ignoreFilter?: boolean
  /** Moodle-style URLs: `…/lineitems?type_id=3`, `…/lineitems/7/lineitem?type_id=7`. */
  moodleUrls?: boolean
}

/** A score as the LMS stored it. */
export interface StoredScore {
  readonly lineItemUrl: string
  readonly score: Score
  /** The request's Content-Type. */
  readonly contentType: string
}

export interface AgsEmulator {
  readonly base: string
  readonly tokenUrl: string
  readonly clientId: string
  toolJwksUrl: string | undefined
  /** Every score accepted, in arrival order. */
  readonly scores: StoredScore[]
  /** Every request: method, path with query, status answered (0 when the fetch failed). */
  readonly requests: { method: string; url: string; status: number }[]
  readonly tokensIssued: number
  /** `userId`s answered with 422 "user not in course". */
  readonly notInCourse: Set<string>
  /** The line items container URL of a context. */
  lineItemsUrl(contextId: string): string
  addLineItem(contextId: string, item: Omit<LineItem, 'id'>): string
  lineItems(contextId: string): LineItem[]
  deleteLineItem(url: string): void
  /** The AGS claim a launch from this context carries. */
  claim(
    contextId: string,
    options?: { lineitem?: string; lineitems?: boolean; scopes?: string[] },
  ): Record<string, unknown>
  /** Resolves once `count` scores have been accepted in all (for benchmarks: no polling). */
  waitForScores(count: number): Promise<void>
  fail(fault: AgsFault): void
  /** Forgets every access token issued (the next service call gets 401). */
  revokeTokens(): void
  /** The fetch the tool must use for the `timeout` and `network` faults to apply. */
  fetch(input: string | URL, init?: RequestInit): Promise<Response>
  close(): Promise<void>
}

const ALL_SCOPES = [
  SCOPE.agsLineItem,
  SCOPE.agsLineItemReadonly,
  SCOPE.agsScore,
  SCOPE.agsResultReadonly,
]

/** Starts the emulated grade services on 127.0.0.1 (random port). */
export async function startAgsEmulator(options: AgsEmulatorOptions = {}): Promise<AgsEmulator> {
  const clock = options.clock ?? systemClock
  const clientId = options.clientId ?? 'lms-emulator-client'
  const pageSize = options.pageSize ?? 50
  const faults: (AgsFault & { left: number })[] = []
  const tokens = new Map<string, string[]>()
  const items = new Map<string, { context: string; item: LineItem; n: number }>()
  const latest = new Map<string, number>()
  const jtis = new MemoryNonces()
  const waiters = new Set<{ count: number; resolve: () => void }>()
  let counter = 0
  const state = {
    scores: [] as StoredScore[],
    requests: [] as AgsEmulator['requests'],
    tokensIssued: 0,
    notInCourse: new Set<string>(),
    toolJwksUrl: options.toolJwksUrl,
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const tokenUrl = `${base}/token`
  const query = (n: number) => (options.moodleUrls ? `?type_id=${n}` : '')
  const containerOf = (context: string) => `${base}/contexts/${context}/lineitems`

  function routeOf(path: string): AgsRoute {
    if (path === '/token') return 'token'
    if (path.endsWith('/scores')) return 'scores'
    return /\/lineitems$/.test(path) ? 'lineitems' : 'lineitem'
  }

  function takeFault(route: AgsRoute, kinds: 'status' | 'kind'): AgsFault | undefined {
    const index = faults.findIndex((f) => f.on === route && (kinds === 'status') === 'status' in f)
    const fault = faults[index]
    if (!fault) return undefined
    fault.left -= 1
    if (fault.left <= 0) faults.splice(index, 1)
    return fault
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', base)
    const body = await readBody(req)
    const route = routeOf(url.pathname)
    const answer = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      state.requests.push({ method: req.method ?? '', url: url.pathname + url.search, status })
      res.writeHead(status, {
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      })
      res.end(json === undefined ? undefined : JSON.stringify(json))
    }
    const fault = takeFault(route, 'status')
    if (fault && 'status' in fault) {
      state.requests.push({
        method: req.method ?? '',
        url: url.pathname + url.search,
        status: fault.status,
      })
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers })
      res.end(fault.body ?? JSON.stringify({ error: `fault ${fault.status}` }))
      return
    }
    if (route === 'token') return answerToken(new URLSearchParams(body), answer)

    const granted = tokens.get((req.headers.authorization ?? '').replace(/^Bearer /i, ''))
    if (!granted) return answer(401, { error: 'invalid_token' })
    const has = (...scopes: string[]) => scopes.some((s) => granted.includes(s))
    const context = /^\/contexts\/([^/]+)\/lineitems/.exec(url.pathname)?.[1] ?? ''

    if (route === 'lineitems' && req.method === 'GET') {
      if (!has(SCOPE.agsLineItem, SCOPE.agsLineItemReadonly)) return answer(403, { error: 'scope' })
      const filter = url.searchParams.get('resource_link_id')
      const all = [...items.values()]
        .filter((e) => e.context === context)
        .filter((e) => filter === null || options.ignoreFilter || e.item.resourceLinkId === filter)
        .map((e) => e.item)
      const limit = Math.min(Number(url.searchParams.get('limit') ?? pageSize), pageSize)
      const page = Number(url.searchParams.get('page') ?? '1')
      const slice = all.slice((page - 1) * limit, page * limit)
      const headers: Record<string, string> = {}
      if (page * limit < all.length) {
        const next = new URL(url.href)
        next.searchParams.set('page', String(page + 1))
        const [open, close] = options.typographicLinks ? ['\u201C', '\u201D'] : ['"', '"']
        // Node writes header strings as Latin-1: pass the UTF-8 bytes, as Moodle sends them.
        headers.link = Buffer.from(`<${next.href}>; rel=${open}next${close}`).toString('latin1')
      }
      return answer(200, slice, { ...headers, 'content-type': MEDIA_TYPE.lineItemContainer })
    }
    if (route === 'lineitems' && req.method === 'POST') {
      if (!has(SCOPE.agsLineItem)) return answer(403, { error: 'scope' })
      const input = JSON.parse(body) as LineItem
      const id = addLineItem(context, input)
      return answer(201, items.get(id)?.item)
    }
    const itemUrl = base + url.pathname.replace(/\/scores$/, '') + url.search
    const entry = items.get(itemUrl)
    if (!entry) return answer(404, { error: 'line item not found' })
    if (route === 'lineitem') {
      if (!has(SCOPE.agsLineItem, SCOPE.agsLineItemReadonly)) return answer(403, { error: 'scope' })
      return answer(200, entry.item, { 'content-type': MEDIA_TYPE.lineItem })
    }
    if (req.method !== 'POST') return answer(405)
    if (!has(SCOPE.agsScore)) return answer(403, { error: 'scope' })
    const contentType = req.headers['content-type'] ?? ''
    if (contentType !== MEDIA_TYPE.score) return answer(415)
    const score = JSON.parse(body) as Score
    if (state.notInCourse.has(score.userId))
      return answer(422, { error: 'user not found in course' })
    // AGS 2.0 §3.4.6, as Moodle enforces it: a timestamp not newer than the stored one is refused.
    const key = `${itemUrl}\n${score.userId}`
    const at = Date.parse(score.timestamp)
    if (at <= (latest.get(key) ?? -Infinity)) return answer(409, { error: 'stale timestamp' })
    latest.set(key, at)
    state.scores.push({ lineItemUrl: itemUrl, score, contentType })
    for (const waiter of [...waiters]) {
      if (state.scores.length >= waiter.count) {
        waiters.delete(waiter)
        waiter.resolve()
      }
    }
    return answer(204)
  }

  async function answerToken(
    form: URLSearchParams,
    answer: (status: number, json?: unknown) => void,
  ) {
    let requested: string[]
    try {
      if (options.toolKeys && state.toolJwksUrl) {
        const jwksUrl = state.toolJwksUrl
        const validated = await validateClientAssertion(form, {
          tokenUrl,
          findClient: async (id) => (id === clientId ? { clientId, jwksUrl } : undefined),
          keys: options.toolKeys,
          jtis,
          clock,
          clockSkewSeconds: 5,
        })
        requested = validated.requestedScopes
      } else {
        if (decodeJwt(form.get('client_assertion') ?? '').iss !== clientId) throw new Error('iss')
        requested = (form.get('scope') ?? '').split(' ').filter(Boolean)
      }
    } catch {
      return answer(401, { error: 'invalid_client' })
    }
    const scopes = requested.filter((s) => ALL_SCOPES.includes(s as (typeof ALL_SCOPES)[number]))
    const token = randomUUID()
    tokens.set(token, scopes)
    state.tokensIssued += 1
    return answer(200, {
      access_token: token,
      token_type: 'Bearer',
      expires_in: 3600,
      scope: scopes.join(' '),
    })
  }

  function addLineItem(context: string, item: Omit<LineItem, 'id'>): string {
    const n = ++counter
    const id = options.moodleUrls
      ? `${containerOf(context)}/${n}/lineitem${query(n)}`
      : `${containerOf(context)}/${n}`
    items.set(id, { context, n, item: { ...item, id } })
    return id
  }

  async function doFetch(input: string | URL, init?: RequestInit): Promise<Response> {
    const url = new URL(String(input))
    const fault = url.origin === base ? takeFault(routeOf(url.pathname), 'kind') : undefined
    if (!fault || !('kind' in fault)) return fetch(input, init)
    if (fault.served) await (await fetch(input, init)).arrayBuffer()
    state.requests.push({
      method: init?.method ?? 'GET',
      url: url.pathname + url.search,
      status: 0,
    })
    if (fault.kind === 'timeout') throw new DOMException('The operation timed out', 'TimeoutError')
    throw new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') })
  }

  return {
    base,
    tokenUrl,
    clientId,
    get toolJwksUrl() {
      return state.toolJwksUrl
    },
    set toolJwksUrl(value) {
      state.toolJwksUrl = value
    },
    scores: state.scores,
    requests: state.requests,
    get tokensIssued() {
      return state.tokensIssued
    },
    notInCourse: state.notInCourse,
    lineItemsUrl: (context) => containerOf(context) + (options.moodleUrls ? '?type_id=0' : ''),
    addLineItem,
    lineItems: (context) =>
      [...items.values()].filter((e) => e.context === context).map((e) => e.item),
    deleteLineItem: (url) => void items.delete(url),
    claim(contextId, { lineitem, lineitems = true, scopes } = {}) {
      return {
        scope: scopes ?? [SCOPE.agsLineItem, SCOPE.agsResultReadonly, SCOPE.agsScore],
        ...(lineitems
          ? { lineitems: containerOf(contextId) + (options.moodleUrls ? '?type_id=0' : '') }
          : {}),
        ...(lineitem ? { lineitem } : {}),
      }
    },
    waitForScores: (count) =>
      state.scores.length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => void waiters.add({ count, resolve })),
    fail: (fault) => void faults.push({ ...fault, left: fault.times ?? 1 }),
    revokeTokens: () => tokens.clear(),
    fetch: doFetch,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
