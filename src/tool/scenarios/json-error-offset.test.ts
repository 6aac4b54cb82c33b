import { describe, expect, it } from 'vitest'
import { jsonErrorOffset } from './json-error-offset.js'

describe('jsonErrorOffset', () => {
  it.each([
    ['{"a": }', 6],
    ['{"a":1,}', 7],
    ['{"a":1\n"b":2}', 7],
    ['[1,2', 4],
    ['', 0],
    ['{} x', 3],
    ['{"a":"b\\x"}', 8],
    ['{"a": tru}', 9],
    ['{"a": 01}', 7],
    ['{"a": "\u0001"}', 7],
  ])('finds where %j breaks', (text, offset) => {
    expect(() => JSON.parse(text)).toThrow()
    expect(jsonErrorOffset(text)).toBe(offset)
  })

  it('finds nothing wrong with valid JSON', () => {
    const text = JSON.stringify({ a: [1, -2.5e3, 'x\n"y"\u00e9', true, false, null, {}], b: [] })
    expect(jsonErrorOffset(` ${text}\n`)).toBeUndefined()
  })
})
