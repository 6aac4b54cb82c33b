import { describe, expect, it } from 'vitest'
import { isSameOriginPost } from './same-origin.js'

const URL_ = 'https://tool.example'

describe('isSameOriginPost', () => {
  it.each([
    [{ origin: URL_, site: 'same-origin' }, true],
    [{ origin: undefined, site: undefined }, true],
    [{ origin: undefined, site: 'none' }, true],
    // Chromium's own post from a no-referrer page.
    [{ origin: 'null', site: 'same-origin' }, true],
    [{ origin: 'null', site: 'cross-site' }, false],
    [{ origin: 'null', site: undefined }, false],
    [{ origin: 'https://evil.example', site: undefined }, false],
    [{ origin: URL_, site: 'same-site' }, false],
    [{ origin: URL_, site: 'cross-site' }, false],
  ])('%j → %s', (headers, expected) => {
    expect(isSameOriginPost(headers, URL_)).toBe(expected)
  })

  it('narrows the accepted Fetch Metadata sites when asked', () => {
    expect(isSameOriginPost({ origin: URL_, site: 'none' }, URL_, ['same-origin'])).toBe(false)
  })
})
