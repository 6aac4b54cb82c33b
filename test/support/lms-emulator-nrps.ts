/**
 * The LMS emulator's LTI Advantage side for rosters: an OAuth 2 token endpoint that checks the
 * tool's client assertion against the tool's published key set, and a Names and Role
 * Provisioning Service with the paging quirks real LMSes have (Canvas pages of 50, Moodle's
 * typographic quotes in `Link`, next URLs that carry their own query string).
 *
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0/
 * @see https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant
 */
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CONTEXT_ROLE_PREFIX, MEDIA_TYPE, SCOPE } from '../../src/core/claims.js'
import type { Membership } from '../../src/core/nrps/types.js'
import { validateClientAssertion } from '../../src/core/oauth/validate-client-assertion.js'
import { systemClock } from '../../src/core/ports.js'
import type { Clock, NonceStore } from '../../src/core/ports.js'
import { createRemoteKeySets } from '../../src/core/security/remote-jwks.js'

export interface NrpsEmulatorOptions {
  /** The client ID the tool authenticates as (the LMS emulator's `clientId`). */
  clientId: string
  /** Checks assertion times; share the tool's fixed clock. */
  clock?: Clock
  /** Members per page; default 50, as Canvas. */
  pageSize?: number
  /** Write `rel=“next”` with typographic quotes, as some Moodle versions do. */
  typographicQuotes?: boolean
}

export interface NrpsRequest {
  readonly url: URL
  readonly authorization: string | undefined
  readonly accept: string | undefined
}

export interface NrpsEmulator {
  readonly tokenUrl: string
  /** Where the tool's key set is, once a workspace exists (`endpoints.jwksUrl`). */
  toolJwksUrl: string | undefined
  /** Every membership request, in order. */
  readonly requests: readonly NrpsRequest[]
  /** Token requests that got a token. */
  readonly tokensIssued: number
  /** The claim a launch from this context carries. */
  claim(contextId: string): { context_memberships_url: string; service_versions: string[] }
  membershipsUrl(contextId: string): string
  setMembers(contextId: string, members: Membership[]): void
  /** Answers membership requests with this status until cleared (`undefined`). */
  failWith(status: number | undefined): void
  /** Forgets every token issued: the next membership request gets 401, as after a revocation. */
  revokeTokens(): void
  /** A token with the NRPS scope, for calling the service without a client assertion. */
  issueToken(): string
  close(): Promise<void>
}

/** Starts the token endpoint and membership service on 127.0.0.1 (random port). */
export async function startNrpsEmulator(options: NrpsEmulatorOptions): Promise<NrpsEmulator> {
  const clock = options.clock ?? systemClock
  const pageSize = options.pageSize ?? 50
  const rosters = new Map<string, Membership[]>()
  const tokens = new Map<string, string[]>()
  const usedJtis = new Set<string>()
  const requests: NrpsRequest[] = []
  let tokensIssued = 0
  let failStatus: number | undefined
  const keys = createRemoteKeySets({ fetch: (url, init) => fetch(url, init), clock })
  const jtis: NonceStore = {
    consumeNonce: async (jti) => !usedJtis.has(jti) && Boolean(usedJtis.add(jti)),
    isNonceConsumed: async (jti) => usedJtis.has(jti),
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { error: String(err) }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const tokenUrl = `${base}/token`

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base)
    if (req.method === 'POST' && url.pathname === '/token') return token(req, res)
    const match = /^\/api\/lti\/courses\/([^/]+)\/names_and_roles$/.exec(url.pathname)
    if (req.method === 'GET' && match) {
      return memberships(req, res, url, decodeURIComponent(match[1] as string))
    }
    send(res, 404, { error: 'not_found' })
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req))
    try {
      const { requestedScopes } = await validateClientAssertion(form, {
        tokenUrl,
        findClient: async (clientId) =>
          clientId === options.clientId && emulator.toolJwksUrl
            ? { clientId, jwksUrl: emulator.toolJwksUrl }
            : undefined,
        keys,
        jtis,
        clock,
        clockSkewSeconds: 5,
      })
      const accessToken = randomUUID()
      tokens.set(accessToken, requestedScopes)
      tokensIssued++
      send(res, 200, {
        access_token: accessToken,
        token_type: 'bearer',
        expires_in: 3600,
        scope: requestedScopes.join(' '),
      })
    } catch (error) {
      send(res, 400, { error: 'invalid_client', error_description: String(error) })
    }
  }

  function memberships(req: IncomingMessage, res: ServerResponse, url: URL, contextId: string) {
    const authorization = req.headers.authorization
    requests.push({ url, authorization, accept: req.headers.accept })
    const scopes = tokens.get((authorization ?? '').replace(/^Bearer /, ''))
    if (!scopes) return send(res, 401, { error: 'invalid_token' })
    if (!scopes.includes(SCOPE.nrpsMembershipReadonly)) return send(res, 403, { error: 'scope' })
    if (failStatus !== undefined) return send(res, failStatus, { error: 'injected' })
    // NRPS 2.0 §2.3: a role filter names a role URI or a short context role.
    const role = url.searchParams.get('role')
    const wanted = role && !role.includes(':') ? CONTEXT_ROLE_PREFIX + role : role
    const all = (rosters.get(contextId) ?? []).filter((m) => !wanted || m.roles.includes(wanted))
    const page = Number(url.searchParams.get('page') ?? '1')
    const members = all.slice((page - 1) * pageSize, page * pageSize)
    const headers: Record<string, string> = { 'content-type': MEDIA_TYPE.membershipContainer }
    if (page * pageSize < all.length) {
      const next = new URL(url)
      next.searchParams.set('page', String(page + 1))
      // Like Moodle's `?type_id=3`: the next URL carries a query string of the LMS's own.
      next.searchParams.set('type_id', '3')
      const quoted = options.typographicQuotes ? '\u201Cnext\u201D' : '"next"'
      const link = `<${next.href}>; rel=${quoted}, <${base}/unrelated>; rel="differences"`
      // Node writes header strings as latin1: this puts the quotes' UTF-8 bytes on the wire.
      headers.link = Buffer.from(link, 'utf8').toString('latin1')
    }
    res.writeHead(200, headers).end(
      JSON.stringify({
        id: url.href,
        context: { id: contextId, label: 'BIO-101', title: 'Introduction to Biology' },
        members,
        // NRPS 2.0 allows extensions; a tool must ignore what it does not know.
        'https://lms.example/ext': { page },
      }),
    )
  }

  const emulator: NrpsEmulator = {
    tokenUrl,
    toolJwksUrl: undefined,
    requests,
    get tokensIssued() {
      return tokensIssued
    },
    claim: (contextId) => ({
      context_memberships_url: emulator.membershipsUrl(contextId),
      service_versions: ['2.0'],
    }),
    membershipsUrl: (contextId) =>
      `${base}/api/lti/courses/${encodeURIComponent(contextId)}/names_and_roles`,
    setMembers: (contextId, members) => rosters.set(contextId, members),
    failWith: (status) => {
      failStatus = status
    },
    revokeTokens: () => tokens.clear(),
    issueToken: () => {
      const accessToken = randomUUID()
      tokens.set(accessToken, [SCOPE.nrpsMembershipReadonly])
      return accessToken
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
  return emulator
}

/** `count` members with sequential IDs; every fifth one an instructor. */
export function makeMembers(count: number, prefix = 'user'): Membership[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(4, '0')
    const instructor = i % 5 === 0
    return {
      user_id: `${prefix}-${n}`,
      roles: [CONTEXT_ROLE_PREFIX + (instructor ? 'Instructor' : 'Learner')],
      status: i % 7 === 3 ? 'Inactive' : 'Active',
      name: `Person ${n}`,
      email: `${prefix}-${n}@example.edu`,
      // Extra per-member fields a tool must tolerate.
      picture: `https://lms.example/avatars/${n}.png`,
      lis_person_sourcedid: `sis-${n}`,
    }
  })
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString()
}
