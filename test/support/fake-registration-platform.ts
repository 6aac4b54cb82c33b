/**
 * A platform's half of Dynamic Registration on a loopback socket: its OpenID configuration and
 * registration endpoint. Behaviour is switched per test; launches then go through an LMS emulator
 * started with the client ID and deployment ID this platform issues.
 */
import { createServer } from 'node:http'
import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

export type ConfigMode = 'ok' | 'reset' | 'oversize' | 'http-500'
export type RegisterMode = 'ok' | 'reset' | 'refuse'

export interface FakeRegistrationPlatform {
  readonly base: string
  readonly configUrl: string
  readonly registrationToken: string
  /** Every registration POST received, with its bearer. */
  readonly received: { authorization?: string; body: Record<string, unknown> }[]
  configRequests: number
  configMode: ConfigMode
  registerMode: RegisterMode
  /** Changes the configuration document before it is served. */
  editConfig?: (config: Record<string, unknown>) => void
  /** What a successful registration answers. */
  issue: { clientId: string; deploymentId: string }
  /** The endpoints of the emulator that will launch (authorization, token, JWKS). */
  endpoints: { authorization: string; token: string; jwks: string }
  close(): Promise<void>
}

export async function startFakeRegistrationPlatform(): Promise<FakeRegistrationPlatform> {
  const state: Omit<FakeRegistrationPlatform, 'base' | 'configUrl' | 'close'> = {
    registrationToken: `reg-token-${process.pid}`,
    received: [],
    configRequests: 0,
    configMode: 'ok',
    registerMode: 'ok',
    issue: { clientId: 'unset', deploymentId: 'unset' },
    endpoints: { authorization: '', token: '', jwks: '' },
  }
  let base = ''
  const server = createServer((req, res) => {
    void handle(req).then(
      (answer) => {
        if (answer === 'reset') {
          req.socket.destroy()
          return
        }
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body)
      },
      () => res.writeHead(500).end(),
    )
  })

  async function handle(req: IncomingMessage): Promise<'reset' | { status: number; body: string }> {
    if (req.method === 'GET' && req.url?.startsWith('/lti/openid-configuration')) {
      state.configRequests++
      if (state.configMode === 'reset') return 'reset'
      if (state.configMode === 'http-500') return { status: 500, body: '{}' }
      const config: Record<string, unknown> = {
        issuer: base,
        authorization_endpoint: state.endpoints.authorization,
        token_endpoint: state.endpoints.token,
        jwks_uri: state.endpoints.jwks,
        registration_endpoint: `${base}/lti/register`,
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
        token_endpoint_auth_signing_alg_values_supported: ['RS256'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['id_token'],
        scopes_supported: [
          'openid',
          'https://purl.imsglobal.org/spec/lti-ags/scope/score',
          'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
          'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
        ],
        claims_supported: ['iss', 'sub', 'name', 'email'],
        'https://purl.imsglobal.org/spec/lti-platform-configuration': {
          product_family_code: 'moodle',
          version: '4.5',
          messages_supported: [
            { type: 'LtiResourceLinkRequest' },
            { type: 'LtiDeepLinkingRequest', placements: ['ContentArea', 'other'] },
          ],
        },
      }
      state.editConfig?.(config)
      let body = JSON.stringify(config)
      if (state.configMode === 'oversize')
        body = JSON.stringify({ ...config, pad: 'x'.repeat(200_000) })
      return { status: 200, body }
    }
    if (req.method === 'POST' && req.url === '/lti/register') {
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      if (state.registerMode === 'reset') return 'reset'
      const authorization = req.headers.authorization
      if (authorization !== `Bearer ${state.registrationToken}`) {
        return { status: 401, body: JSON.stringify({ error: 'invalid_token' }) }
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>
      state.received.push({ ...(authorization ? { authorization } : {}), body })
      if (state.registerMode === 'refuse') {
        return {
          status: 400,
          body: JSON.stringify({
            error: 'invalid_client_metadata',
            error_description: 'redirect_uris not allowed',
          }),
        }
      }
      return {
        status: 200,
        body: JSON.stringify({
          ...body,
          client_id: state.issue.clientId,
          'https://purl.imsglobal.org/spec/lti-tool-configuration': {
            ...(body['https://purl.imsglobal.org/spec/lti-tool-configuration'] as object),
            deployment_id: state.issue.deploymentId,
          },
        }),
      }
    }
    return { status: 404, body: '{}' }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return Object.assign(state, {
    base,
    configUrl: `${base}/lti/openid-configuration`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  })
}
