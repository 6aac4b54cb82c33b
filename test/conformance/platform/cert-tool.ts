/**
 * Plays the certification suite's tool against our running platform: it publishes a JWKS on a
 * loopback port, walks the OIDC launch as the tool's browser would (stopping at the id_token the
 * platform posts back), verifies that id_token the way a certified tool must, and obtains access
 * tokens with a signed client assertion.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose'
import type { JWTPayload, ProtectedHeaderParameters } from 'jose'
import { buildClientAssertion, tokenRequestBody } from '../../../src/core/oauth/client-assertion.js'
import { systemClock } from '../../../src/core/ports.js'
import type { SigningKey } from '../../../src/core/security/key-set.js'
import { readForm } from '../../interop/browser.js'
import type { RegisteredTool, TestPlatform } from '../../support/platform-harness.js'

export interface CertTool {
  /** Loopback base URL: `/jwks` is served; login and launch URLs are never fetched. */
  readonly baseUrl: string
  readonly signingKey: SigningKey
  close(): Promise<void>
}

export async function startCertTool(): Promise<CertTool> {
  const { publicKey, privateKey } = await generateKeyPair('RS256')
  const kid = 'cert-tool-key'
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256' }] })
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(jwks)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    baseUrl,
    signingKey: { kid, alg: 'RS256', privateKey },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

export interface VerifiedLaunch {
  readonly header: ProtectedHeaderParameters
  readonly claims: JWTPayload & Record<string, unknown>
  readonly nonce: string
  readonly state: string
}

/**
 * Starts a launch at `startPath` as the signed-in user, sends the tool's authentication request
 * with fresh state and nonce, and verifies the returned id_token against the platform's JWKS.
 */
export async function launchAs(
  platform: TestPlatform,
  tool: RegisteredTool,
  cookie: string,
  startPath: string,
): Promise<VerifiedLaunch> {
  const start = await platform.get(startPath, cookie)
  if (start.status !== 302) throw new Error(`start ${startPath}: ${start.status}`)
  const login = new URL(start.headers.get('location') ?? '')
  const state = `state-${crypto.randomUUID()}`
  const nonce = `nonce-${crypto.randomUUID()}`
  const authorize = new URL(tool.authenticationRequestUrl)
  authorize.search = new URLSearchParams({
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: login.searchParams.get('client_id') ?? '',
    redirect_uri: login.searchParams.get('target_link_uri') ?? '',
    login_hint: login.searchParams.get('login_hint') ?? '',
    lti_message_hint: login.searchParams.get('lti_message_hint') ?? '',
    state,
    nonce,
  }).toString()
  const answer = await fetch(authorize, { headers: { cookie }, redirect: 'manual' })
  const html = await answer.text()
  if (answer.status !== 200) throw new Error(`authorize: ${answer.status} ${html.slice(0, 300)}`)
  const form = readForm(html)
  if (form.fields.state !== state) throw new Error('state not echoed')
  const idToken = form.fields.id_token ?? ''
  const { payload, protectedHeader } = await jwtVerify(
    idToken,
    createRemoteJWKSet(new URL(tool.jwksUrl)),
    { issuer: tool.issuer, audience: tool.clientId, algorithms: ['RS256'] },
  )
  return { header: protectedHeader, claims: payload as VerifiedLaunch['claims'], nonce, state }
}

/** Client credentials with a signed JWT assertion; returns the parsed answer and its status. */
export async function requestToken(
  tool: RegisteredTool,
  certTool: CertTool,
  scopes: readonly string[],
): Promise<{ status: number; body: Record<string, unknown> }> {
  const assertion = await buildClientAssertion({
    clientId: tool.clientId,
    tokenUrl: tool.accessTokenUrl,
    signingKey: certTool.signingKey,
    clock: systemClock,
  })
  const response = await fetch(tool.accessTokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: tokenRequestBody({ assertion, scopes }),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

/** An access token for `scopes`; throws unless the platform grants it. */
export async function accessToken(
  tool: RegisteredTool,
  certTool: CertTool,
  scopes: readonly string[],
): Promise<string> {
  const { status, body } = await requestToken(tool, certTool, scopes)
  if (status !== 200) throw new Error(`token: ${status} ${JSON.stringify(body)}`)
  return body.access_token as string
}

export { readForm }
