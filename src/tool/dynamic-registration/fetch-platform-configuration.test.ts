import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchPlatformConfiguration } from './fetch-platform-configuration.js'
import { registerWithPlatform } from './register-with-platform.js'
import { buildClientRegistration } from '../../core/dynamic-registration/build-client-registration.js'

// A platform that accepts connections and never answers: only the deadline ends the exchange.
const server = createServer(() => undefined)
let base = ''
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  server.closeAllConnections()
  server.close()
})

describe('registration exchanges with a silent platform', () => {
  it('gives up on the configuration after its timeout', async () => {
    await expect(
      fetchPlatformConfiguration(`${base}/openid-configuration`, {
        fetch,
        dev: true,
        timeoutMs: 100,
      }),
    ).rejects.toMatchObject({
      code: 'LTI_OPENID_CONFIGURATION_FETCH_FAILED',
      cause: { reason: 'timeout' },
    })
  })

  it('gives up on the registration after its timeout', async () => {
    const request = buildClientRegistration({
      clientName: 't',
      initiateLoginUri: `${base}/login`,
      redirectUris: [`${base}/launch`],
      jwksUri: `${base}/jwks`,
      domain: '127.0.0.1',
      targetLinkUri: `${base}/launch`,
      scopes: [],
      claims: [],
      messages: [],
    })
    await expect(
      registerWithPlatform(`${base}/register`, request, { fetch, timeoutMs: 100 }),
    ).rejects.toMatchObject({
      code: 'LTI_REGISTRATION_REQUEST_FAILED',
      cause: { reason: 'timeout' },
    })
  })
})
