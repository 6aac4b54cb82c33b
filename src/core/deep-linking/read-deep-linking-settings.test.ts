import { describe, expect, it } from 'vitest'
import { CLAIM, MESSAGE_TYPE } from '../claims.js'
import type { IdTokenPayload } from '../launch/claim-types.js'
import { readDeepLinkingSettings } from './read-deep-linking-settings.js'

const RETURN_URL = 'https://lms.example/lti/deep-linking/return'

function claims(settings: unknown, messageType: string = MESSAGE_TYPE.deepLinkingRequest) {
  return {
    [CLAIM.messageType]: messageType,
    [CLAIM.deepLinkingSettings]: settings,
  } as IdTokenPayload
}

const minimal = {
  deep_link_return_url: RETURN_URL,
  accept_types: ['ltiResourceLink'],
  accept_presentation_document_targets: ['iframe', 'window'],
}

describe('readDeepLinkingSettings', () => {
  it('reads every member into camelCase and keeps data byte for byte', () => {
    const data = '  opaque.value==  '
    expect(
      readDeepLinkingSettings(
        claims({
          ...minimal,
          accept_types: ['ltiResourceLink', 'link', 'link'],
          accept_media_types: 'image/*,text/html',
          accept_multiple: true,
          accept_lineitem: false,
          auto_create: true,
          title: 'Pick a scenario',
          text: 'For week 1',
          data,
        }),
      ),
    ).toStrictEqual({
      deepLinkReturnUrl: RETURN_URL,
      acceptTypes: ['ltiResourceLink', 'link'],
      acceptPresentationDocumentTargets: ['iframe', 'window'],
      acceptMediaTypes: 'image/*,text/html',
      acceptMultiple: true,
      acceptLineItem: false,
      autoCreate: true,
      title: 'Pick a scenario',
      text: 'For week 1',
      data,
    })
  })

  it('leaves optional flags undefined when absent (accept_lineitem absent is "unknown")', () => {
    const settings = readDeepLinkingSettings(claims(minimal))
    expect(settings).toStrictEqual({
      deepLinkReturnUrl: RETURN_URL,
      acceptTypes: ['ltiResourceLink'],
      acceptPresentationDocumentTargets: ['iframe', 'window'],
    })
  })

  it('keeps an empty data string, which must still be echoed', () => {
    expect(readDeepLinkingSettings(claims({ ...minimal, data: '' })).data).toBe('')
  })

  it('joins accept_media_types sent as an array', () => {
    const settings = readDeepLinkingSettings(
      claims({ ...minimal, accept_media_types: ['image/png', 'text/html'] }),
    )
    expect(settings.acceptMediaTypes).toBe('image/png,text/html')
  })

  it.each([
    ['the claim', undefined],
    ['deep_link_return_url', { ...minimal, deep_link_return_url: undefined }],
    ['accept_types', { ...minimal, accept_types: undefined }],
    [
      'accept_presentation_document_targets',
      { ...minimal, accept_presentation_document_targets: undefined },
    ],
  ])('refuses a settings claim without %s (LTI_CLAIM_MISSING)', (_, settings) => {
    expect(() => readDeepLinkingSettings(claims(settings))).toThrow(
      expect.objectContaining({ code: 'LTI_CLAIM_MISSING' }),
    )
  })

  it.each([
    ['not an object', ['x']],
    ['a javascript: return URL', { ...minimal, deep_link_return_url: 'javascript:alert(1)' }],
    ['a relative return URL', { ...minimal, deep_link_return_url: '/return' }],
    ['accept_types not an array', { ...minimal, accept_types: 'ltiResourceLink' }],
    ['empty accept_types', { ...minimal, accept_types: [] }],
    ['a non-string accept type', { ...minimal, accept_types: ['link', 3] }],
    ['accept_multiple as a string', { ...minimal, accept_multiple: 'true' }],
    ['accept_lineitem as a number', { ...minimal, accept_lineitem: 1 }],
    ['a non-string title', { ...minimal, title: { en: 'x' } }],
    ['a non-string data', { ...minimal, data: { context: 'c' } }],
    ['an oversized data', { ...minimal, data: 'x'.repeat(16 * 1024 + 1) }],
  ])('refuses %s (LTI_CLAIM_INVALID)', (_, settings) => {
    expect(() => readDeepLinkingSettings(claims(settings))).toThrow(
      expect.objectContaining({ code: 'LTI_CLAIM_INVALID' }),
    )
  })

  it('refuses the claims of another message type', () => {
    expect(() => readDeepLinkingSettings(claims(minimal, MESSAGE_TYPE.resourceLink))).toThrow(
      expect.objectContaining({ code: 'LTI_MESSAGE_TYPE_UNSUPPORTED' }),
    )
  })
})
