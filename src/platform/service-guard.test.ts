import { describe, expect, it } from 'vitest'
import { MEDIA_TYPE, SCOPE } from '../core/claims.js'
import type { LtiError } from '../core/errors.js'
import { webCryptoMacKey } from '../core/security/sealed-token.js'
import { issueAccessToken } from './access-token.js'
import type { Tool } from './ports.js'
import { acceptable, guardServiceCall, mediaTypeOf, readJsonBody } from './service-guard.js'
import type { ServiceDeps, ServiceHandler, ServiceRequest } from './service-guard.js'
import { platformUrls } from './service-urls.js'

const NOW = 1_800_000_000_000
const clock = { now: () => NOW }
const key = await webCryptoMacKey(crypto.getRandomValues(new Uint8Array(32)))

const tool = {
  id: 'tool-1',
  privacy: { sendName: true, sendEmail: true },
  services: { ags: [SCOPE.agsLineItem, SCOPE.agsScore], nrps: false, deepLinking: false },
  status: 'active',
} as unknown as Tool

const deps = {
  stores: { tools: { findTool: async (id: string) => (id === tool.id ? tool : undefined) } },
  urls: platformUrls('https://lms.example'),
  accessTokenKey: key,
  clock,
} as unknown as ServiceDeps

const scoreEndpoint: Omit<ServiceHandler<unknown>, 'handle'> = {
  method: 'POST',
  service: 'ags',
  scopes: [SCOPE.agsScore],
  consumes: MEDIA_TYPE.score,
}
const lineItemsEndpoint: Omit<ServiceHandler<unknown>, 'handle'> = {
  method: 'GET',
  service: 'ags',
  scopes: [SCOPE.agsLineItem, SCOPE.agsLineItemReadonly],
  produces: MEDIA_TYPE.lineItemContainer,
}

async function bearer(scopes: string[], toolId = tool.id, ttlSeconds = 3600) {
  const token = await issueAccessToken(
    { toolId, clientId: 'client-1', scopes },
    { key, clock, ttlSeconds },
  )
  return `Bearer ${token.access_token}`
}

function request(overrides: Partial<ServiceRequest>): ServiceRequest {
  return { query: {}, readBody: async () => '', ...overrides }
}

async function code(endpoint: typeof scoreEndpoint, req: ServiceRequest, d = deps) {
  try {
    await guardServiceCall(endpoint, d, req)
    return 'ok'
  } catch (err) {
    return (err as LtiError).code
  }
}

describe('guardServiceCall', () => {
  it('lets a token with the scope through and returns the current tool', async () => {
    const caller = await guardServiceCall(
      scoreEndpoint,
      deps,
      request({ authorization: await bearer([SCOPE.agsScore]), contentType: MEDIA_TYPE.score }),
    )
    expect(caller.tool).toBe(tool)
    expect(caller.grant.toolId).toBe('tool-1')
  })

  it('checks token, scope, Accept, Content-Type, then the tool, in that order', async () => {
    const score = await bearer([SCOPE.agsScore])
    const readOnly = await bearer([SCOPE.agsLineItemReadonly])
    expect(await code(scoreEndpoint, request({ contentType: 'text/plain' }))).toBe(
      'LTI_ACCESS_TOKEN_MISSING',
    )
    expect(await code(scoreEndpoint, request({ authorization: readOnly }))).toBe(
      'LTI_SCOPE_INSUFFICIENT',
    )
    expect(await code(scoreEndpoint, request({ authorization: score }))).toBe(
      'LTI_MEDIA_TYPE_UNSUPPORTED',
    )
    expect(
      await code(scoreEndpoint, request({ authorization: score, contentType: 'application/json' })),
    ).toBe('LTI_MEDIA_TYPE_UNSUPPORTED')
    expect(
      await code(
        lineItemsEndpoint,
        request({ authorization: readOnly, accept: MEDIA_TYPE.lineItem }),
      ),
    ).toBe('LTI_NOT_ACCEPTABLE')
  })

  it('refuses altered, expired and foreign-tool tokens with 401', async () => {
    const good = await bearer([SCOPE.agsScore])
    const req = (authorization: string) => request({ authorization, contentType: MEDIA_TYPE.score })
    expect(await code(scoreEndpoint, req(`${good.slice(0, -2)}xx`))).toBe(
      'LTI_ACCESS_TOKEN_INVALID',
    )
    expect(await code(scoreEndpoint, req(await bearer([SCOPE.agsScore], tool.id, -1)))).toBe(
      'LTI_ACCESS_TOKEN_INVALID',
    )
    expect(await code(scoreEndpoint, req(await bearer([SCOPE.agsScore], 'gone')))).toBe(
      'LTI_ACCESS_TOKEN_INVALID',
    )
    expect(await code(scoreEndpoint, req('Basic dXNlcjpwYXNz'))).toBe('LTI_ACCESS_TOKEN_MISSING')
  })

  it('refuses a service the tool no longer has, even with a token for it', async () => {
    // The tool lost the read-only scope after the token was issued; NRPS is off for it.
    const readOnly = await bearer([SCOPE.agsLineItemReadonly])
    expect(await code(lineItemsEndpoint, request({ authorization: readOnly }))).toBe(
      'LTI_SERVICE_NOT_ENABLED',
    )
    const nrps = {
      ...lineItemsEndpoint,
      service: 'nrps' as const,
      scopes: [SCOPE.nrpsMembershipReadonly],
    }
    expect(
      await code(nrps, request({ authorization: await bearer([SCOPE.nrpsMembershipReadonly]) })),
    ).toBe('LTI_SERVICE_NOT_ENABLED')
  })

  it('refuses a tool disabled since its token was issued, at once', async () => {
    const disabled = { ...tool, status: 'disabled' } as Tool
    const d = {
      ...deps,
      stores: { tools: { findTool: async () => disabled } },
    } as unknown as ServiceDeps
    const score = request({
      authorization: await bearer([SCOPE.agsScore]),
      contentType: MEDIA_TYPE.score,
    })
    expect(await code(scoreEndpoint, score)).toBe('ok')
    expect(await code(scoreEndpoint, score, d)).toBe('LTI_TOOL_DISABLED')
  })
})

describe('acceptable', () => {
  const type = MEDIA_TYPE.lineItemContainer
  it.each([
    undefined,
    '',
    type,
    `text/html, ${type};q=0.9`,
    '*/*',
    'application/*',
    'application/json',
    `${type.toUpperCase()}`,
  ])('accepts %j', (accept) => {
    expect(acceptable(accept, type)).toBe(true)
  })

  it.each([MEDIA_TYPE.lineItem, 'text/html', `${type};q=0`, 'application/xml, text/*'])(
    'refuses %j',
    (accept) => {
      expect(acceptable(accept, type)).toBe(false)
    },
  )
})

describe('mediaTypeOf and readJsonBody', () => {
  it('drops parameters and case', () => {
    expect(mediaTypeOf(`${MEDIA_TYPE.score}; charset=utf-8`)).toBe(MEDIA_TYPE.score)
    expect(mediaTypeOf('Application/JSON')).toBe('application/json')
    expect(mediaTypeOf(undefined)).toBeUndefined()
  })

  it('refuses a body that is not JSON', async () => {
    await expect(readJsonBody(request({ readBody: async () => '{' }))).rejects.toMatchObject({
      code: 'LTI_BODY_MALFORMED',
    })
    await expect(readJsonBody(request({ readBody: async () => '{"a":1}' }))).resolves.toEqual({
      a: 1,
    })
  })
})
