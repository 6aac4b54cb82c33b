import { describe, expect, it } from 'vitest'
import { CLAIM, CONTEXT_TYPE, MEDIA_TYPE, ROLE, SCOPE } from './claims.js'

const URI = /^https?:\/\/purl\.imsglobal\.org\/[A-Za-z0-9/_.#-]+$/

describe('claims table', () => {
  it.each(Object.entries({ ...CLAIM, ...SCOPE, ...ROLE, ...CONTEXT_TYPE }))(
    '%s is a clean URI',
    (_, uri) => {
      expect(uri).toMatch(URI)
    },
  )

  it.each(Object.entries(MEDIA_TYPE))('%s is an IMS media type', (_, type) => {
    expect(type).toMatch(/^application\/vnd\.ims\.[a-z0-9.-]+\+json$/)
  })

  it('declares each claim once', () => {
    const values = Object.values(CLAIM)
    expect(new Set(values).size).toBe(values.length)
  })
})
