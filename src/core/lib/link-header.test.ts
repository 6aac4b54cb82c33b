import { describe, expect, it } from 'vitest'
import { findLink, formatLinkHeader } from './link-header.js'

describe('formatLinkHeader', () => {
  it('writes one entry per relation and skips absent ones', () => {
    expect(formatLinkHeader({ next: 'https://p.example/li?page=2', prev: undefined })).toBe(
      '<https://p.example/li?page=2>; rel="next"',
    )
  })
})

describe('findLink', () => {
  const url = 'https://lms.example/api/lti/courses/1/line_items?page=2&per_page=10'
  it.each([
    ['plain', `<${url}>; rel="next"`],
    ['typographic quotes', `<${url}>; rel=\u201Cnext\u201D`],
    // What fetch shows for the UTF-8 bytes of \u201Cnext\u201D sent on the wire (Moodle).
    ['typographic quotes as UTF-8 bytes', `<${url}>; rel=\u00E2\u0080\u009Cnext\u00E2\u0080\u009D`],
    ['unquoted', `<${url}>; rel=next`],
    ['among others', `<https://lms.example/x?page=1>; rel="current", <${url}>; rel="next"`],
    ['several rels', `<${url}>; rel="next last"`],
    ['other params first', `<${url}>; title="more"; rel="next"`],
  ])('finds next (%s)', (_name, header) => {
    expect(findLink(header, 'next')).toBe(url)
  })
  it('resolves a relative URL against the base', () => {
    expect(findLink('</members?p=2>; rel="next"', 'next', 'https://lms.example/a/b')).toBe(
      'https://lms.example/members?p=2',
    )
  })
  it('answers undefined when absent, empty or broken', () => {
    expect(findLink(null, 'next')).toBeUndefined()
    expect(findLink(`<${url}>; rel="prev"`, 'next')).toBeUndefined()
    expect(findLink('<not a url>; rel="next"', 'next')).toBeUndefined()
  })
})
