/**
 * An in-test LMS: it drives the OIDC third-party-initiated login and the id_token launch against
 * a tool over real HTTP, and serves its JWKS on a loopback socket, as a real platform would.
 *
 * @see https://www.imsglobal.org/spec/security/v1p0/#openid_connect_launch_flow
 */
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { JWK } from 'jose'
import { buildValidClaims, type IdTokenClaims, type LmsUser } from './lms-emulator-claims.js'
import { checkAuthRequest, parseSetCookie, withQuery } from './lms-emulator-checks.js'
import { findPayloadVariant } from './lms-emulator-payloads.js'
import {
  createIdTokenSigner,
  type JwtHeader,
  type SignMode,
  type SignOptions,
} from './lms-emulator-sign.js'

export { buildValidClaims, type IdTokenClaims, type LmsUser } from './lms-emulator-claims.js'
export {
  CERTIFICATION_PAYLOADS,
  SECURITY_PAYLOADS,
  findPayloadVariant,
  type CertificationPayload,
} from './lms-emulator-payloads.js'
export type { JwtHeader, SignMode, SignOptions } from './lms-emulator-sign.js'
export { checkAuthRequest, parseSetCookie } from './lms-emulator-checks.js'

/** A `fetch` with the Web signature (global fetch, or undici's with a keep-alive dispatcher). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

/** Options of {@link startLmsEmulator}. */
export interface LmsEmulatorOptions {
  /** Defaults to the emulator's own base URL, `http://127.0.0.1:<port>`. */
  issuer?: string
  clientId?: string
  deploymentId?: string
  kid?: string
  fetch?: FetchLike
}

/** Options of {@link LmsEmulator.launch}. */
export interface LaunchOptions {
  /** The tool's OIDC login initiation URL. */
  loginUrl: string
  targetLinkUri: string
  /** How the login initiation is sent; defaults to `POST` (form body). */
  method?: 'GET' | 'POST'
  /** Overrides of the login initiation parameters; a value of `undefined` omits the parameter. */
  loginParams?: Record<string, string | undefined>
  /** Mutates or replaces the id_token payload (after `variant`). */
  claims?: (defaults: IdTokenClaims) => IdTokenClaims | void
  /** Mutates or replaces the protected header (after `variant`). */
  header?: (header: JwtHeader) => JwtHeader | void
  sign?: SignMode
  /** `echo` the tool's state (default), `omit` it, or send a `wrong` one. */
  state?: 'echo' | 'omit' | 'wrong'
  /** `send` the login's cookies back (default), `omit` them, or send `wrong` values. */
  cookies?: 'send' | 'omit' | 'wrong'
  user?: LmsUser
  /** The user's `sub` and `login_hint`; a fresh id per launch by default. */
  sub?: string
  /** Sent as the `scenario_id` custom parameter. */
  scenarioId?: string
  /** Applies a row of `CERTIFICATION_PAYLOADS` or `SECURITY_PAYLOADS`, by name. */
  variant?: string
}

/** Everything a launch produced, for assertions. Response bodies are left unread. */
export interface LaunchResult {
  loginResponse: Response
  authRequest: URLSearchParams
  launchResponse: Response
  idToken: string
  claims: IdTokenClaims
  /** Cookies the tool set on the login response, by name. */
  cookies: Record<string, string>
}

/** A running emulated platform. */
export interface LmsEmulator {
  readonly issuer: string
  readonly clientId: string
  readonly deploymentId: string
  readonly kid: string
  readonly jwksUrl: string
  readonly authenticationRequestUrl: string
  readonly accessTokenUrl: string
  readonly publicJwk: JWK
  /** How many times the JWKS was fetched: shows whether a tool caches it. */
  readonly jwksRequests: number
  /**
   * Runs one full launch: login initiation, authentication request checks, id_token POST.
   * @throws {LaunchFlowError} when the tool's login answer breaks Security Framework §5.1.1.
   */
  launch(options: LaunchOptions): Promise<LaunchResult>
  signIdToken(claims: IdTokenClaims, options?: SignOptions): Promise<string>
  /** Signs with a fresh key from now on; the JWKS publishes it beside the previous one. */
  rotateKey(): Promise<string>
  close(): Promise<void>
}

/** The tool answered the login initiation wrongly: a tool bug, not a launch rejection. */
export class LaunchFlowError extends Error {
  override name = 'LaunchFlowError'
  constructor(
    message: string,
    readonly response: Response,
  ) {
    super(message)
  }
}

const FORM = 'application/x-www-form-urlencoded'

/**
 * Starts an emulated platform with a fresh RSA key, listening on 127.0.0.1 (random port).
 *
 * @param options - Issuer, client id, deployment id, key id and fetch to use.
 * @see https://www.imsglobal.org/spec/security/v1p0/#platform-originating-messages
 */
export async function startLmsEmulator(options: LmsEmulatorOptions = {}): Promise<LmsEmulator> {
  let signer = await createIdTokenSigner(options.kid)
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init))
  let jwksRequests = 0
  let jwksBody = JSON.stringify({ keys: [signer.publicJwk] })
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/jwks') {
      jwksRequests++
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwksBody)
      return
    }
    // The authentication request is answered in-process by launch(); no browser ever comes here.
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const issuer = options.issuer ?? base
  const clientId = options.clientId ?? 'lms-emulator-client'
  const deploymentId = options.deploymentId ?? 'deployment-1'
  const authenticationRequestUrl = `${base}/auth`

  async function launch(o: LaunchOptions): Promise<LaunchResult> {
    const row = o.variant === undefined ? undefined : findPayloadVariant(o.variant)
    const user = o.user ?? row?.user ?? 'learner'
    const sub = o.sub ?? `${user}-${randomUUID()}`
    const sent = new URLSearchParams()
    const login = {
      iss: issuer,
      login_hint: sub,
      target_link_uri: o.targetLinkUri,
      client_id: clientId,
      lti_deployment_id: deploymentId,
      lti_message_hint: `message-${randomUUID()}`,
      ...o.loginParams,
    }
    for (const [name, value] of Object.entries(login))
      if (value !== undefined) sent.set(name, value)

    const loginResponse =
      o.method === 'GET'
        ? await doFetch(withQuery(o.loginUrl, sent), { redirect: 'manual' })
        : await doFetch(o.loginUrl, {
            method: 'POST',
            headers: { 'content-type': FORM },
            body: sent.toString(),
            redirect: 'manual',
          })
    const location = loginResponse.headers.get('location') ?? ''
    if (
      ![302, 303].includes(loginResponse.status) ||
      !location.startsWith(authenticationRequestUrl)
    ) {
      const body = (await loginResponse.text()).slice(0, 300)
      throw new LaunchFlowError(
        `login initiation answered ${loginResponse.status} (location ${location || 'none'}), ` +
          `expected a redirect to ${authenticationRequestUrl}: ${body}`,
        loginResponse,
      )
    }
    const authRequest = new URL(location).searchParams
    const problems = checkAuthRequest(authRequest, sent, clientId)
    if (problems.length > 0) {
      throw new LaunchFlowError(`bad authentication request: ${problems.join('; ')}`, loginResponse)
    }
    const cookies = parseSetCookie(loginResponse.headers.getSetCookie())

    const defaults = buildValidClaims({
      issuer,
      clientId,
      deploymentId,
      nonce: authRequest.get('nonce') ?? '',
      targetLinkUri: o.targetLinkUri,
      user,
      sub,
      scenarioId: o.scenarioId,
    })
    const afterRow = row?.claims?.(defaults) ?? defaults
    const claims = o.claims?.(afterRow) ?? afterRow
    const header = (h: JwtHeader): JwtHeader => {
      const afterRowHeader = row?.header?.(h) ?? h
      return o.header?.(afterRowHeader) ?? afterRowHeader
    }
    const idToken = await signer.signIdToken(claims, { sign: o.sign ?? row?.sign, header })

    const form = new URLSearchParams({ id_token: idToken })
    const state = o.state ?? 'echo'
    if (state !== 'omit') {
      form.set(
        'state',
        state === 'echo' ? (authRequest.get('state') ?? '') : `wrong-${randomUUID()}`,
      )
    }
    const headers: Record<string, string> = { 'content-type': FORM }
    const cookieMode = o.cookies ?? 'send'
    const sentCookies = Object.entries(cookies).map(([name, value]) =>
      cookieMode === 'wrong' ? `${name}=wrong-${randomUUID()}` : `${name}=${value}`,
    )
    if (cookieMode !== 'omit' && sentCookies.length > 0) headers.cookie = sentCookies.join('; ')
    const launchResponse = await doFetch(authRequest.get('redirect_uri') ?? '', {
      method: 'POST',
      headers,
      body: form.toString(),
      redirect: 'manual',
    })
    return { loginResponse, authRequest, launchResponse, idToken, claims, cookies }
  }

  return {
    issuer,
    clientId,
    deploymentId,
    get kid() {
      return signer.kid
    },
    jwksUrl: `${base}/jwks`,
    authenticationRequestUrl,
    accessTokenUrl: `${base}/token`,
    get publicJwk() {
      return signer.publicJwk
    },
    get jwksRequests() {
      return jwksRequests
    },
    launch,
    signIdToken: (claims, signOptions) => signer.signIdToken(claims, signOptions),
    rotateKey: async () => {
      const previous = signer
      signer = await createIdTokenSigner()
      jwksBody = JSON.stringify({ keys: [signer.publicJwk, previous.publicJwk] })
      return signer.kid
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}
