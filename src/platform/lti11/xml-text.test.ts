import { describe, expect, it } from 'vitest'
import { decodeXmlText } from './xml-text.js'

describe('decodeXmlText', () => {
  it.each([
    ['plain', 'plain'],
    ['&amp;&lt;&gt;&quot;&apos;', '&<>"\''],
    ['&#65;&#x42;&#x1F600;', 'AB😀'],
    ['a&#x9;b', 'a\tb'],
  ])('decodes %j', (raw, expected) => {
    expect(decodeXmlText(raw)).toBe(expected)
  })

  it.each([
    ['a bare ampersand', 'a & b'],
    ['an entity without its semicolon', '&amp'],
    ['an HTML entity', '&nbsp;'],
    ['an inherited property name', '&__proto__;'],
    ['a NUL reference', '&#0;'],
    ['a surrogate reference', '&#xD800;'],
    ['a reference beyond Unicode', '&#x110000;'],
    ['an over-long name', '&averyveryverylongname;'],
  ])('refuses %s', (_name, raw) => {
    expect(decodeXmlText(raw)).toBeUndefined()
  })
})
