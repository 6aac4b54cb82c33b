import { describe, expect, it } from 'vitest'
import { findLink } from '../core/lib/link-header.js'
import type { LtiError } from '../core/errors.js'
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pagingLinks, parsePage } from './service-paging.js'

describe('parsePage', () => {
  it('defaults, takes and caps the limit', () => {
    expect(parsePage({})).toEqual({ limit: DEFAULT_PAGE_SIZE, offset: 0 })
    expect(parsePage({ limit: '5', offset: '10' })).toEqual({ limit: 5, offset: 10 })
    expect(parsePage({ limit: '999999' }).limit).toBe(MAX_PAGE_SIZE)
  })

  it.each([
    ['limit', { limit: '0' }],
    ['limit', { limit: '-1' }],
    ['limit', { limit: 'ten' }],
    ['limit', { limit: '' }],
    ['offset', { offset: '1.5' }],
    ['offset', { offset: '99999999999' }],
  ])('refuses a bad %s', (field, query) => {
    try {
      parsePage(query)
      expect.unreachable()
    } catch (err) {
      expect((err as LtiError).code).toBe('LTI_REQUEST_INVALID')
      expect(Object.keys((err as LtiError).fields ?? {})).toEqual([field])
    }
  })
})

describe('pagingLinks', () => {
  const url = 'https://lms.example/lti/contexts/c1/lineitems'

  it('has no header for a single page', () => {
    expect(pagingLinks(url, { tag: 'x' }, { limit: 10, offset: 0 }, undefined)).toBeUndefined()
  })

  it('links next and first with the filters repeated', () => {
    const header = pagingLinks(
      url,
      { tag: 'a b', resource_id: undefined },
      { limit: 2, offset: 4 },
      6,
    )
    expect(findLink(header ?? null, 'next')).toBe(`${url}?tag=a+b&limit=2&offset=6`)
    expect(findLink(header ?? null, 'first')).toBe(`${url}?tag=a+b&limit=2`)
  })

  it('links first only on the last page', () => {
    const header = pagingLinks(url, {}, { limit: 2, offset: 4 }, undefined)
    expect(findLink(header ?? null, 'next')).toBeUndefined()
    expect(findLink(header ?? null, 'first')).toBe(`${url}?limit=2`)
  })
})
