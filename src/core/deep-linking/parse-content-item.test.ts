import { describe, expect, it } from 'vitest'
import { parseContentItem } from './parse-content-item.js'

const prod = { dev: false }

describe('parseContentItem', () => {
  it('accepts each known type with its properties and keeps unknown extras', () => {
    const items = [
      {
        type: 'ltiResourceLink',
        url: 'https://tool.example/launch?s=1',
        title: 'Scenario 1',
        text: 'Practise',
        icon: { url: 'https://tool.example/i.png', width: 16, height: 16 },
        thumbnail: { url: 'https://tool.example/t.png' },
        window: { targetName: 'tool', width: 800, height: 600, windowFeatures: 'menubar=no' },
        iframe: { width: 800, height: 600 },
        custom: { scenario_id: 'sc-1' },
        lineItem: {
          label: 'Scenario 1',
          scoreMaximum: 100,
          resourceId: 'sc-1',
          tag: 'grade',
          gradesReleased: true,
          submissionReview: {
            reviewableStatus: ['Submitted'],
            label: 'Open attempt',
            url: 'https://tool.example/review',
            custom: { scenario_id: 'sc-1' },
          },
        },
        available: { startDateTime: '2027-01-01T00:00:00Z' },
        submission: { endDateTime: '2027-02-01T00:00:00.000+01:00' },
        'https://vendor.example/ext': { x: 1 },
      },
      { type: 'link', url: 'https://example.org/page', embed: { html: '<b>x</b>' } },
      { type: 'link', url: 'https://example.org/page', iframe: { src: 'https://example.org/e' } },
      { type: 'file', url: 'https://example.org/f.pdf', expiresAt: '2027-01-01T00:00:00Z' },
      { type: 'html', html: '<p>Hello</p>' },
      { type: 'image', url: 'https://example.org/i.png', width: 200, height: 100 },
    ]
    items.forEach((item, index) => {
      expect(parseContentItem(item, index, prod)).toStrictEqual(item)
    })
  })

  it('turns number and boolean custom values into strings', () => {
    const item = parseContentItem(
      { type: 'ltiResourceLink', custom: { n: 3, b: true, s: 'x' } },
      0,
      prod,
    )
    expect(item).toStrictEqual({ type: 'ltiResourceLink', custom: { n: '3', b: 'true', s: 'x' } })
  })

  it('turns submission review custom values into strings', () => {
    const item = parseContentItem(
      {
        type: 'ltiResourceLink',
        lineItem: { scoreMaximum: 1, submissionReview: { custom: { attempt: 2 } } },
      },
      0,
      prod,
    )
    expect(item).toStrictEqual({
      type: 'ltiResourceLink',
      lineItem: { scoreMaximum: 1, submissionReview: { custom: { attempt: '2' } } },
    })
  })

  it('accepts plain http only in dev mode', () => {
    const item = { type: 'link', url: 'http://127.0.0.1:8080/page' }
    expect(parseContentItem(item, 0, { dev: true })).toStrictEqual(item)
    expect(() => parseContentItem(item, 0, prod)).toThrow(
      expect.objectContaining({ code: 'LTI_CONTENT_ITEM_INVALID' }),
    )
  })

  it.each([
    ['not an object', 'link', '(item)'],
    ['an unknown type', { type: 'assignment', url: 'https://x.example' }, 'type'],
    ['a link without url', { type: 'link' }, 'url'],
    ['a javascript: link', { type: 'link', url: 'javascript:alert(1)' }, 'url'],
    ['a data: image', { type: 'image', url: 'data:image/png;base64,AAAA' }, 'url'],
    ['a relative URL', { type: 'file', url: '/f.pdf' }, 'url'],
    ['credentials in a URL', { type: 'link', url: 'https://u:p@x.example/' }, 'url'],
    ['an oversized URL', { type: 'link', url: `https://x.example/${'a'.repeat(2048)}` }, 'url'],
    ['an html item without html', { type: 'html', html: '  ' }, 'html'],
    ['a non-string title', { type: 'html', html: 'x', title: 5 }, 'title'],
    ['an oversized title', { type: 'html', html: 'x', title: 't'.repeat(1025) }, 'title'],
    ['an icon without url', { type: 'link', url: 'https://x.example', icon: {} }, 'icon.url'],
    [
      'a negative image width',
      { type: 'image', url: 'https://x.example/i.png', width: -1 },
      'width',
    ],
    [
      'a lineItem with scoreMaximum 0',
      { type: 'ltiResourceLink', lineItem: { scoreMaximum: 0 } },
      'lineItem.scoreMaximum',
    ],
    [
      'a lineItem without scoreMaximum',
      { type: 'ltiResourceLink', lineItem: { label: 'x' } },
      'lineItem.scoreMaximum',
    ],
    [
      'a lineItem with a non-string tag',
      { type: 'ltiResourceLink', lineItem: { scoreMaximum: 1, tag: 1 } },
      'lineItem.tag',
    ],
    ['an object custom value', { type: 'ltiResourceLink', custom: { a: { b: 1 } } }, 'custom.a'],
    ['custom as an array', { type: 'ltiResourceLink', custom: ['a'] }, 'custom'],
    [
      'a submission review with a javascript: url',
      {
        type: 'ltiResourceLink',
        lineItem: { scoreMaximum: 1, submissionReview: { url: 'javascript:1' } },
      },
      'lineItem.submissionReview.url',
    ],
    [
      'a submission review status that is not a list',
      {
        type: 'ltiResourceLink',
        lineItem: { scoreMaximum: 1, submissionReview: { reviewableStatus: 'Submitted' } },
      },
      'lineItem.submissionReview.reviewableStatus',
    ],
    [
      'an unparsable available date',
      { type: 'ltiResourceLink', available: { startDateTime: 'next week' } },
      'available.startDateTime',
    ],
    [
      'a javascript: iframe src',
      { type: 'link', url: 'https://x.example', iframe: { src: 'javascript:1' } },
      'iframe.src',
    ],
  ])('refuses %s (LTI_CONTENT_ITEM_INVALID)', (_, item, field) => {
    expect(() => parseContentItem(item, 4, prod)).toThrow(
      expect.objectContaining({
        code: 'LTI_CONTENT_ITEM_INVALID',
        cause: expect.objectContaining({ index: 4, field }),
      }),
    )
  })

  it('refuses more than 100 custom parameters', () => {
    const custom = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'v']))
    expect(() => parseContentItem({ type: 'ltiResourceLink', custom }, 0, prod)).toThrow(
      expect.objectContaining({ code: 'LTI_CONTENT_ITEM_INVALID' }),
    )
  })
})
