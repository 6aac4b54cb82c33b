import { decodeJwt, decodeProtectedHeader, generateKeyPair, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { CLAIM, MESSAGE_TYPE } from '../claims.js'
import { buildDeepLinkingResponse } from './build-deep-linking-response.js'
import type { DeepLinkingResponseInput } from './build-deep-linking-response.js'
import type { ContentItem } from './content-item.js'
import type { DeepLinkingSettings } from './read-deep-linking-settings.js'

const NOW = 1_800_000_000_000
const clock = { now: () => NOW }
const pair = await generateKeyPair('RS256')
const signingKey = { kid: 'tool-key-1', alg: 'RS256', privateKey: pair.privateKey } as const

const settings: DeepLinkingSettings = {
  deepLinkReturnUrl: 'https://lms.example/lti/deep-linking/return',
  acceptTypes: ['ltiResourceLink', 'link'],
  acceptPresentationDocumentTargets: ['iframe', 'window'],
  acceptMultiple: true,
  acceptLineItem: true,
  data: 'sealed.data-value',
}

const scenario: ContentItem = {
  type: 'ltiResourceLink',
  title: 'Scenario 1',
  custom: { scenario_id: 'sc-1' },
  lineItem: { label: 'Scenario 1', scoreMaximum: 100 },
}

function input(overrides: Partial<DeepLinkingResponseInput> = {}): DeepLinkingResponseInput {
  return {
    issuer: 'client-1',
    audience: 'https://lms.example',
    deploymentId: 'dep-1',
    settings,
    contentItems: [scenario],
    ...overrides,
  }
}

describe('buildDeepLinkingResponse', () => {
  it('signs RS256 with kid; iss is the client ID, aud the platform, data echoed', async () => {
    const jwt = await buildDeepLinkingResponse(input({ msg: ' Added 1 scenario ' }), {
      signingKey,
      clock,
    })
    expect(decodeProtectedHeader(jwt)).toStrictEqual({
      alg: 'RS256',
      kid: 'tool-key-1',
      typ: 'JWT',
    })
    const { payload } = await jwtVerify(jwt, pair.publicKey, {
      algorithms: ['RS256'],
      currentDate: new Date(NOW),
    })
    expect(payload).toStrictEqual({
      iss: 'client-1',
      aud: 'https://lms.example',
      iat: NOW / 1000,
      exp: NOW / 1000 + 600,
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      [CLAIM.messageType]: MESSAGE_TYPE.deepLinkingResponse,
      [CLAIM.version]: '1.3.0',
      [CLAIM.deploymentId]: 'dep-1',
      [CLAIM.contentItems]: [scenario],
      [CLAIM.deepLinkingData]: 'sealed.data-value',
      [CLAIM.deepLinkingMsg]: 'Added 1 scenario',
    })
  })

  it('uses a fresh nonce for every response', async () => {
    const a = decodeJwt(await buildDeepLinkingResponse(input(), { signingKey, clock }))
    const b = decodeJwt(await buildDeepLinkingResponse(input(), { signingKey, clock }))
    expect(a.nonce).not.toBe(b.nonce)
  })

  it('leaves data out when the request had none, and answers a cancel with no items', async () => {
    const { data: _unused, ...noData } = settings
    const jwt = await buildDeepLinkingResponse(
      input({ settings: noData, contentItems: [], errormsg: 'Cancelled', log: 'user cancelled' }),
      { signingKey, clock, ttlSeconds: 60 },
    )
    const payload = decodeJwt(jwt)
    expect(payload).not.toHaveProperty([CLAIM.deepLinkingData])
    expect(payload[CLAIM.contentItems]).toStrictEqual([])
    expect(payload[CLAIM.deepLinkingErrorMsg]).toBe('Cancelled')
    expect(payload[CLAIM.deepLinkingLog]).toBe('user cancelled')
    expect(payload.exp).toBe(NOW / 1000 + 60)
  })

  it('echoes an empty data value', async () => {
    const jwt = await buildDeepLinkingResponse(input({ settings: { ...settings, data: '' } }), {
      signingKey,
      clock,
    })
    expect(decodeJwt(jwt)[CLAIM.deepLinkingData]).toBe('')
  })

  it.each<[string, Partial<DeepLinkingResponseInput>]>([
    ['a type outside accept_types', { contentItems: [{ type: 'html', html: '<p>x</p>' }] }],
    [
      'several items without accept_multiple',
      {
        settings: { ...settings, acceptMultiple: undefined },
        contentItems: [scenario, { type: 'link', url: 'https://x.example' }],
      },
    ],
    [
      'several items with accept_multiple false',
      {
        settings: { ...settings, acceptMultiple: false },
        contentItems: [scenario, scenario],
      },
    ],
    ['a lineItem with accept_lineitem false', { settings: { ...settings, acceptLineItem: false } }],
    [
      'an iframe the platform does not accept',
      {
        settings: { ...settings, acceptPresentationDocumentTargets: ['window'] },
        contentItems: [{ ...scenario, iframe: { width: 10 } }],
      },
    ],
    [
      'an item DL 2.0 does not allow',
      { contentItems: [{ type: 'link', url: 'javascript:alert(1)' }] },
    ],
    ['an empty issuer', { issuer: ' ' }],
    ['an empty audience', { audience: '' }],
    ['an empty deployment ID', { deploymentId: '' }],
  ])('refuses %s with a TypeError', async (_, overrides) => {
    await expect(buildDeepLinkingResponse(input(overrides), { signingKey, clock })).rejects.toThrow(
      expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' }),
    )
  })

  it('takes one item without accept_multiple, and a lineItem when accept_lineitem is unknown', async () => {
    const jwt = await buildDeepLinkingResponse(
      input({ settings: { ...settings, acceptMultiple: undefined, acceptLineItem: undefined } }),
      { signingKey, clock },
    )
    expect(decodeJwt(jwt)[CLAIM.contentItems]).toStrictEqual([scenario])
  })

  it.each([0, 3601, 1.5])('refuses a ttl of %s seconds', async (ttlSeconds) => {
    await expect(
      buildDeepLinkingResponse(input(), { signingKey, clock, ttlSeconds }),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' })
  })
})
