import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CLAIM, LTI_VERSION, MESSAGE_TYPE } from '../../src/core/claims.js'
import {
  CERTIFICATION_PAYLOADS,
  LaunchFlowError,
  SECURITY_PAYLOADS,
  startLmsEmulator,
  type IdTokenClaims,
  type LmsEmulator,
  type SignMode,
} from './lms-emulator.js'

type ToolBug = 'none' | 'drop-nonce' | 'reject-login'

/** A deliberately tiny tool: just enough of Security Framework §5.1 to judge the emulator. */
function startFakeTool(lms: () => LmsEmulator) {
  const logins = new Map<string, string>()
  const seen: IdTokenClaims[] = []
  let bug: ToolBug = 'none'
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined
  const server: Server = createServer((req, res) => {
    void handle(req).then(
      ({ status, headers, body }) => res.writeHead(status, headers).end(body),
      (err: unknown) => res.writeHead(500).end(String(err)),
    )
  })
  const fail = (error: string) => ({ status: 401, headers: {}, body: JSON.stringify({ error }) })

  async function handle(req: IncomingMessage) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const form = new URLSearchParams(Buffer.concat(chunks).toString())
    const param = (name: string) => url.searchParams.get(name) ?? form.get(name)
    const emulator = lms()
    if (url.pathname === '/login') {
      if (bug === 'reject-login') return { status: 400, headers: {}, body: 'unknown issuer' }
      const state = randomUUID()
      const nonce = randomUUID()
      logins.set(state, nonce)
      const auth = new URLSearchParams({
        scope: 'openid',
        response_type: 'id_token',
        response_mode: 'form_post',
        prompt: 'none',
        client_id: emulator.clientId,
        redirect_uri: `${base()}/launch`,
        login_hint: param('login_hint') ?? '',
        state,
      })
      if (bug !== 'drop-nonce') auth.set('nonce', nonce)
      const hint = param('lti_message_hint')
      if (hint !== null) auth.set('lti_message_hint', hint)
      const headers = {
        location: `${emulator.authenticationRequestUrl}?${auth}`,
        'set-cookie': `tool_state=${state}; Path=/; HttpOnly`,
      }
      return { status: 302, headers, body: '' }
    }
    const state = form.get('state')
    if (!state || !logins.has(state)) return fail('STATE_UNKNOWN')
    if (req.headers.cookie !== `tool_state=${state}`) return fail('STATE_COOKIE_MISMATCH')
    const token = form.get('id_token') ?? ''
    try {
      if (!decodeProtectedHeader(token).kid) return fail('KID_MISSING')
      jwks ??= createRemoteJWKSet(new URL(emulator.jwksUrl))
      const { payload } = await jwtVerify(token, jwks, {
        issuer: emulator.issuer,
        audience: emulator.clientId,
        algorithms: ['RS256'],
        requiredClaims: ['sub', 'iat', 'exp', 'nonce'],
      })
      if (payload.nonce !== logins.get(state)) return fail('NONCE_MISMATCH')
      const link = payload[CLAIM.resourceLink] as { id?: unknown } | undefined
      if (payload[CLAIM.version] !== LTI_VERSION) return fail('VERSION')
      if (payload[CLAIM.messageType] !== MESSAGE_TYPE.resourceLink) return fail('MESSAGE_TYPE')
      if (payload[CLAIM.deploymentId] !== emulator.deploymentId) return fail('DEPLOYMENT')
      if (!Array.isArray(payload[CLAIM.roles])) return fail('ROLES')
      if (typeof link?.id !== 'string') return fail('RESOURCE_LINK')
      seen.push(payload)
      return { status: 302, headers: { location: '/done' }, body: '' }
    } catch (err) {
      return fail((err as { code?: string }).code ?? 'JWT_INVALID')
    }
  }

  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    server,
    seen,
    base,
    setBug: (value: ToolBug) => (bug = value),
    listen: () => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
  }
}

let lms: LmsEmulator
const tool = startFakeTool(() => lms)
const go = () => ({ loginUrl: `${tool.base()}/login`, targetLinkUri: `${tool.base()}/launch` })

beforeAll(async () => {
  lms = await startLmsEmulator({ clientId: 'client-7', deploymentId: 'deployment-7' })
  await tool.listen()
})
afterAll(async () => {
  tool.server.closeAllConnections()
  await new Promise((resolve) => tool.server.close(resolve))
  await lms.close()
})
beforeEach(() => void tool.setBug('none'))

const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error

describe('LMS emulator', () => {
  it('serves its JWKS on loopback and names its endpoints after its base URL', async () => {
    const response = await fetch(lms.jwksUrl)
    expect(await response.json()).toEqual({ keys: [lms.publicJwk] })
    expect(lms.publicJwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: lms.kid })
    expect(lms.publicJwk).not.toHaveProperty('d')
    expect(lms.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(lms.authenticationRequestUrl).toBe(`${lms.issuer}/auth`)
    expect(lms.accessTokenUrl).toBe(`${lms.issuer}/token`)
  })

  it.each(['GET', 'POST'] as const)(
    'runs a valid launch with a %s login initiation',
    async (method) => {
      const result = await lms.launch({ ...go(), method, user: 'instructor', scenarioId: 'quiz-1' })
      expect(result.launchResponse.status).toBe(302)
      expect(result.launchResponse.headers.get('location')).toBe('/done')
      expect(result.cookies).toHaveProperty('tool_state', result.authRequest.get('state'))
      expect(result.claims).toMatchObject({
        aud: 'client-7',
        nonce: result.authRequest.get('nonce'),
        [CLAIM.deploymentId]: 'deployment-7',
        [CLAIM.custom]: { scenario_id: 'quiz-1' },
      })
      expect(tool.seen.at(-1)?.sub).toBe(result.claims.sub)
    },
  )

  it('omits login parameters set to undefined and lets claims and header be replaced', async () => {
    const result = await lms.launch({
      ...go(),
      loginParams: { lti_message_hint: undefined, client_id: undefined },
      claims: (claims) => ({ ...claims, sub: 'replaced' }),
      header: (header) => ({ ...header, typ: 'lti+jwt' }),
    })
    expect(result.authRequest.has('lti_message_hint')).toBe(false)
    expect(result.launchResponse.status).toBe(302)
    expect(tool.seen.at(-1)?.sub).toBe('replaced')
    expect(decodeProtectedHeader(result.idToken)).toMatchObject({ typ: 'lti+jwt', kid: lms.kid })
  })

  const signs: [SignMode, string][] = [
    ['none', 'ERR_JOSE_ALG_NOT_ALLOWED'],
    ['hs256-public-key', 'ERR_JOSE_ALG_NOT_ALLOWED'],
    ['wrong-key', 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'],
    ['no-kid', 'KID_MISSING'],
    ['unknown-kid', 'ERR_JWKS_NO_MATCHING_KEY'],
    ['garbage', 'JWT_INVALID'],
  ]
  it.each(signs)('signs with mode %s, which the tool refuses (%s)', async (sign, code) => {
    const { launchResponse, idToken } = await lms.launch({ ...go(), sign })
    expect(launchResponse.status).toBe(401)
    expect(await errorOf(launchResponse)).toBe(code)
    if (sign === 'none') expect(idToken.endsWith('.')).toBe(true)
    if (sign === 'unknown-kid') expect(decodeProtectedHeader(idToken).kid).not.toBe(lms.kid)
  })

  it.each([
    [{ state: 'omit' }, 'STATE_UNKNOWN'],
    [{ state: 'wrong' }, 'STATE_UNKNOWN'],
    [{ cookies: 'omit' }, 'STATE_COOKIE_MISMATCH'],
    [{ cookies: 'wrong' }, 'STATE_COOKIE_MISMATCH'],
  ] as const)('tampers with state or cookies (%o)', async (options, code) => {
    const { launchResponse } = await lms.launch({ ...go(), ...options })
    expect(await errorOf(launchResponse)).toBe(code)
  })

  it('throws a LaunchFlowError when the tool breaks the login flow', async () => {
    tool.setBug('drop-nonce')
    await expect(lms.launch(go())).rejects.toThrow(/"nonce" is missing/)
    tool.setBug('reject-login')
    await expect(lms.launch(go())).rejects.toBeInstanceOf(LaunchFlowError)
  })

  it('names every payload variant once, with a certification anchor', () => {
    const names = [...CERTIFICATION_PAYLOADS, ...SECURITY_PAYLOADS].map((row) => row.name)
    expect(new Set(names).size).toBe(names.length)
    expect(CERTIFICATION_PAYLOADS.filter((row) => row.valid)).toHaveLength(18)
    for (const row of CERTIFICATION_PAYLOADS) {
      expect(row.spec).toMatch(/^https:\/\/www\.imsglobal\.org\/spec\/lti\/v1p3\/cert\/#[a-z-]+$/)
    }
  })

  it.each([...CERTIFICATION_PAYLOADS, ...SECURITY_PAYLOADS].map((row) => [row.name, row] as const))(
    'variant %s is accepted exactly when valid',
    async (name, row) => {
      const { launchResponse } = await lms.launch({ ...go(), variant: name })
      expect(launchResponse.status).toBe(row.valid ? 302 : 401)
    },
  )
})
