/**
 * Every check of the platform's deep linking response validation, each on a token that differs
 * from a valid one in that one respect.
 */
import { SignJWT, decodeJwt, generateKeyPair } from 'jose'
import type { JWTPayload } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import { FakeKeyResolver } from '../../../test/support/fake-key-resolver.js'
import { MemoryNonces } from '../../../test/support/memory-stores.js'
import { CLAIM, MESSAGE_TYPE } from '../claims.js'
import { encodeBase64url } from '../lib/base64url.js'
import type { SigningKey } from '../security/key-set.js'
import { buildDeepLinkingResponse } from './build-deep-linking-response.js'
import type { ContentItem } from './content-item.js'
import { validateDeepLinkingResponse } from './validate-deep-linking-response.js'
import type {
  DeepLinkingToolRecord,
  ValidateDeepLinkingResponseDeps,
} from './validate-deep-linking-response.js'

const NOW = 1_800_000_000_000
const PLATFORM = 'https://lms.example'
const DATA = 'sealed-data'
const clock = { now: () => NOW }

const tool: DeepLinkingToolRecord = {
  clientId: 'client-1',
  deploymentIds: ['dep-1'],
  jwksUrl: 'https://tool.example/jwks',
}
const otherTool: DeepLinkingToolRecord = {
  clientId: 'client-2',
  deploymentIds: ['dep-2'],
  jwksUrl: 'https://other.example/jwks',
}

const keys = new FakeKeyResolver()
const toolKey = await keys.publishNewKey(tool.jwksUrl, 'tool-k1')
const otherKey = await keys.publishNewKey(otherTool.jwksUrl, 'other-k1')
// A key the tool never published.
const strayPair = await generateKeyPair('RS256')
const strayKey: SigningKey = { kid: 'tool-k1', alg: 'RS256', privateKey: strayPair.privateKey }

const items: ContentItem[] = [
  { type: 'ltiResourceLink', title: 'S1', lineItem: { scoreMaximum: 10 } },
  { type: 'link', url: 'https://example.org/a' },
]

let nonces: MemoryNonces
let deps: ValidateDeepLinkingResponseDeps<DeepLinkingToolRecord>
beforeEach(() => {
  nonces = new MemoryNonces()
  deps = {
    platformIssuer: PLATFORM,
    findTool: async (clientId) => [tool, otherTool].find((t) => t.clientId === clientId),
    keys,
    nonces,
    clock,
    clockSkewSeconds: 5,
    checkData: (data) => data === DATA,
    dev: false,
  }
})

/** The claims of a valid response from `tool`. */
async function validClaims(): Promise<JWTPayload> {
  const jwt = await buildDeepLinkingResponse(
    {
      issuer: tool.clientId,
      audience: PLATFORM,
      deploymentId: 'dep-1',
      settings: {
        deepLinkReturnUrl: `${PLATFORM}/return`,
        acceptTypes: ['ltiResourceLink', 'link', 'file', 'html', 'image'],
        acceptPresentationDocumentTargets: ['iframe', 'window'],
        acceptMultiple: true,
        data: DATA,
      },
      contentItems: items,
      msg: 'Added',
      errorlog: 'nothing bad',
    },
    { signingKey: toolKey, clock },
  )
  return decodeJwt(jwt)
}

async function sign(
  claims: JWTPayload,
  key: SigningKey = toolKey,
  header: Record<string, unknown> = { alg: 'RS256', kid: key.kid },
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key.privateKey)
}

async function mutated(change: (claims: Record<string, unknown>) => void): Promise<string> {
  const claims = (await validClaims()) as Record<string, unknown>
  change(claims)
  return sign(claims)
}

describe('validateDeepLinkingResponse', () => {
  it('accepts a valid response and returns its tool, items and messages', async () => {
    const result = await validateDeepLinkingResponse(await sign(await validClaims()), deps)
    expect(result).toMatchObject({
      tool,
      deploymentId: 'dep-1',
      data: DATA,
      contentItems: items,
      msg: 'Added',
      errorlog: 'nothing bad',
    })
    expect(result.trail.at(-1)).toBe('nonce single-use')
    expect(keys.lookups.at(-1)).toMatchObject({ jwksUrl: tool.jwksUrl, kid: 'tool-k1' })
    expect([...nonces.used.keys()]).toEqual([expect.stringMatching(/^dl:client-1:/)])
    // Kept until the token expires plus the leeway.
    expect([...nonces.used.values()]).toEqual([NOW + (600 + 5) * 1000])
  })

  it('refuses a replayed response (LTI_NONCE_REPLAYED)', async () => {
    const jwt = await sign(await validClaims())
    await validateDeepLinkingResponse(jwt, deps)
    await expect(validateDeepLinkingResponse(jwt, deps)).rejects.toMatchObject({
      code: 'LTI_NONCE_REPLAYED',
    })
  })

  it('accepts an array aud naming the platform with azp', async () => {
    const jwt = await mutated((c) => {
      c.aud = ['https://elsewhere.example', PLATFORM]
      c.azp = PLATFORM
    })
    await expect(validateDeepLinkingResponse(jwt, deps)).resolves.toMatchObject({ tool })
  })

  it('accepts a response without content_items as an empty selection', async () => {
    const jwt = await mutated((c) => delete c[CLAIM.contentItems])
    const result = await validateDeepLinkingResponse(jwt, deps)
    expect(result.contentItems).toEqual([])
  })

  it.each<[string, (c: Record<string, unknown>) => void, string]>([
    ['iss missing', (c) => delete c.iss, 'LTI_DEEP_LINKING_RESPONSE_INVALID'],
    ['iss unknown', (c) => (c.iss = 'client-x'), 'LTI_DEEP_LINKING_RESPONSE_INVALID'],
    [
      'aud another platform',
      (c) => (c.aud = 'https://other-lms.example'),
      'LTI_DEEP_LINKING_RESPONSE_INVALID',
    ],
    ['aud missing', (c) => delete c.aud, 'LTI_DEEP_LINKING_RESPONSE_INVALID'],
    [
      'several aud without azp',
      (c) => (c.aud = [PLATFORM, 'https://x.example']),
      'LTI_DEEP_LINKING_RESPONSE_INVALID',
    ],
    ['azp another party', (c) => (c.azp = 'client-1'), 'LTI_DEEP_LINKING_RESPONSE_INVALID'],
    [
      'deployment_id of another tool',
      (c) => (c[CLAIM.deploymentId] = 'dep-2'),
      'LTI_DEEP_LINKING_RESPONSE_INVALID',
    ],
    [
      'deployment_id missing',
      (c) => delete c[CLAIM.deploymentId],
      'LTI_DEEP_LINKING_RESPONSE_INVALID',
    ],
    [
      'message_type of a request',
      (c) => (c[CLAIM.messageType] = MESSAGE_TYPE.deepLinkingRequest),
      'LTI_DEEP_LINKING_RESPONSE_INVALID',
    ],
    ['version missing', (c) => delete c[CLAIM.version], 'LTI_VERSION_MISSING'],
    ['version 1.1', (c) => (c[CLAIM.version] = '1.1'), 'LTI_VERSION_UNSUPPORTED'],
    [
      'data tampered',
      (c) => (c[CLAIM.deepLinkingData] = `${DATA}x`),
      'LTI_DEEP_LINKING_RESPONSE_INVALID',
    ],
    ['data missing', (c) => delete c[CLAIM.deepLinkingData], 'LTI_DEEP_LINKING_RESPONSE_INVALID'],
    [
      'data not a string',
      (c) => (c[CLAIM.deepLinkingData] = { d: DATA }),
      'LTI_DEEP_LINKING_RESPONSE_INVALID',
    ],
    ['exp in the past', (c) => (c.exp = NOW / 1000 - 10), 'LTI_TOKEN_EXPIRED'],
    ['iat in the future', (c) => (c.iat = NOW / 1000 + 60), 'LTI_TOKEN_ISSUED_IN_FUTURE'],
    ['exp missing', (c) => delete c.exp, 'LTI_CLAIM_MISSING'],
    ['nonce missing', (c) => delete c.nonce, 'LTI_NONCE_MISSING'],
    ['nonce empty', (c) => (c.nonce = ''), 'LTI_NONCE_MISSING'],
    [
      'content_items not an array',
      (c) => (c[CLAIM.contentItems] = items[0]),
      'LTI_DEEP_LINKING_RESPONSE_INVALID',
    ],
    [
      'too many items',
      (c) => (c[CLAIM.contentItems] = Array.from({ length: 51 }, () => items[1])),
      'LTI_DEEP_LINKING_RESPONSE_INVALID',
    ],
    [
      'an unknown item type',
      (c) => (c[CLAIM.contentItems] = [items[0], { type: 'quiz', url: 'https://x.example' }]),
      'LTI_CONTENT_ITEM_INVALID',
    ],
    [
      'an http URL outside dev mode',
      (c) => (c[CLAIM.contentItems] = [{ type: 'link', url: 'http://example.org' }]),
      'LTI_CONTENT_ITEM_INVALID',
    ],
    [
      'a lineItem with scoreMaximum 0',
      (c) => (c[CLAIM.contentItems] = [{ type: 'ltiResourceLink', lineItem: { scoreMaximum: 0 } }]),
      'LTI_CONTENT_ITEM_INVALID',
    ],
    ['msg not a string', (c) => (c[CLAIM.deepLinkingMsg] = 5), 'LTI_DEEP_LINKING_RESPONSE_INVALID'],
  ])('refuses a response with %s (%s)', async (_, change, code) => {
    const jwt = await mutated(change)
    await expect(validateDeepLinkingResponse(jwt, deps)).rejects.toMatchObject({ code })
    // A refused response never spends its nonce.
    expect(nonces.used.size).toBe(0)
  })

  it('refuses a type the request did not accept', async () => {
    deps.acceptTypes = ['ltiResourceLink']
    const jwt = await sign(await validClaims())
    await expect(validateDeepLinkingResponse(jwt, deps)).rejects.toMatchObject({
      code: 'LTI_CONTENT_ITEM_INVALID',
      cause: { index: 1, field: 'type', actual: 'link' },
    })
  })

  it('honours a lower item bound', async () => {
    deps.maxContentItems = 1
    const jwt = await sign(await validClaims())
    await expect(validateDeepLinkingResponse(jwt, deps)).rejects.toMatchObject({
      code: 'LTI_DEEP_LINKING_RESPONSE_INVALID',
    })
  })

  it('passes the tool to checkData and refuses when it says no', async () => {
    const seen: unknown[] = []
    deps.checkData = (data, t) => {
      seen.push([data, t.clientId])
      return false
    }
    await expect(
      validateDeepLinkingResponse(await sign(await validClaims()), deps),
    ).rejects.toMatchObject({ code: 'LTI_DEEP_LINKING_RESPONSE_INVALID' })
    expect(seen).toEqual([[DATA, 'client-1']])
  })

  it('refuses a response signed by another tool under this tool`s iss', async () => {
    const jwt = await sign(await validClaims(), otherKey, { alg: 'RS256', kid: 'tool-k1' })
    await expect(validateDeepLinkingResponse(jwt, deps)).rejects.toMatchObject({
      code: 'LTI_JWT_SIGNATURE_INVALID',
    })
  })

  it('refuses a key the tool never published, whatever kid it claims', async () => {
    const jwt = await sign(await validClaims(), strayKey)
    await expect(validateDeepLinkingResponse(jwt, deps)).rejects.toMatchObject({
      code: 'LTI_JWT_SIGNATURE_INVALID',
    })
    const unknownKid = await sign(await validClaims(), { ...strayKey, kid: 'nope' })
    await expect(validateDeepLinkingResponse(unknownKid, deps)).rejects.toMatchObject({
      code: 'LTI_JWT_KID_UNKNOWN',
    })
  })

  it('refuses a token without kid (LTI_JWT_KID_MISSING)', async () => {
    const jwt = await sign(await validClaims(), toolKey, { alg: 'RS256' })
    await expect(validateDeepLinkingResponse(jwt, deps)).rejects.toMatchObject({
      code: 'LTI_JWT_KID_MISSING',
    })
  })

  it('refuses alg none and HS256 (LTI_JWT_ALG_UNSUPPORTED)', async () => {
    const claims = await validClaims()
    const part = (v: unknown) => encodeBase64url(new TextEncoder().encode(JSON.stringify(v)))
    const none = `${part({ alg: 'none', kid: 'tool-k1' })}.${part(claims)}.`
    await expect(validateDeepLinkingResponse(none, deps)).rejects.toMatchObject({
      code: 'LTI_JWT_ALG_UNSUPPORTED',
    })
    const hs256 = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: 'tool-k1' })
      .sign(new TextEncoder().encode('the tool public key as an HMAC secret'))
    await expect(validateDeepLinkingResponse(hs256, deps)).rejects.toMatchObject({
      code: 'LTI_JWT_ALG_UNSUPPORTED',
    })
  })

  it('refuses something that is not a JWT (LTI_JWT_MALFORMED)', async () => {
    await expect(validateDeepLinkingResponse('not.a jwt', deps)).rejects.toMatchObject({
      code: 'LTI_JWT_MALFORMED',
    })
  })
})
