/**
 * A registered tool's side of the platform's token endpoint: its key set served on loopback (the
 * `jwks_uri` the platform fetches) and a `client_credentials` request signed with its key.
 * @see https://www.imsglobal.org/spec/security/v1p0/#using-json-web-tokens-with-oauth-2-0-client-credentials-grant
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair } from 'jose'
import { SCOPE } from '../../src/core/claims.js'
import { buildClientAssertion, tokenRequestBody } from '../../src/core/oauth/client-assertion.js'
import type { SigningKey } from '../../src/core/security/key-set.js'

export interface ToolKeySet {
  /** `http://127.0.0.1:<port>`, the tool's base URL: the key set answers on every path. */
  readonly base: string
  /** The access token request of the tool `clientId` for the AGS score scope. */
  requestToken(platformUrl: string, clientId: string): Promise<Response>
  close(): Promise<void>
}

/** A fresh RS256 key pair named `kid`, its public key served as a JWKS on loopback. */
export async function startToolKeySet(kid: string): Promise<ToolKeySet> {
  const keyPair = await generateKeyPair('RS256', { extractable: true })
  const signingKey: SigningKey = { kid, alg: 'RS256', privateKey: keyPair.privateKey }
  const jwk = { ...(await exportJWK(keyPair.publicKey)), kid, alg: 'RS256', use: 'sig' }
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ keys: [jwk] }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async requestToken(platformUrl, clientId) {
      const tokenUrl = `${platformUrl}/lti/token`
      const clock = { now: () => Date.now() }
      const assertion = await buildClientAssertion({ clientId, tokenUrl, signingKey, clock })
      return fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: tokenRequestBody({ assertion, scopes: [SCOPE.agsScore] }).toString(),
      })
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
