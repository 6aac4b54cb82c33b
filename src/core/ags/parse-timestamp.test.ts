import { describe, expect, it } from 'vitest'
import { isDateTime, timestampMicros } from './parse-timestamp.js'

describe('timestampMicros', () => {
  it('reads UTC with milliseconds as Date does, in microseconds', () => {
    const value = '2027-01-15T10:20:30.123Z'
    expect(timestampMicros(value)).toBe(Date.parse(value) * 1000)
  })

  it('keeps the microseconds a Date would drop, and orders by them', () => {
    const a = timestampMicros('2027-01-15T10:20:30.123456Z') as number
    const b = timestampMicros('2027-01-15T10:20:30.123457Z') as number
    expect(a % 1000).toBe(456)
    expect(b - a).toBe(1)
    // Digits below the microsecond are dropped, not rounded.
    expect(timestampMicros('2027-01-15T10:20:30.123456999Z')).toBe(a)
  })

  it('applies the offset', () => {
    expect(timestampMicros('2027-01-15T12:20:30+02:00')).toBe(
      timestampMicros('2027-01-15T10:20:30Z'),
    )
    expect(timestampMicros('2027-01-15T05:20:30.5-0500')).toBe(
      timestampMicros('2027-01-15T10:20:30.500Z'),
    )
  })

  it('takes years below 100 as they are', () => {
    // Date.UTC(50, ...) would mean 1950.
    expect(timestampMicros('0050-06-01T00:00:00Z')).toBe(Date.parse('0050-06-01T00:00:00Z') * 1000)
  })

  it.each([
    '2027-01-15',
    '2027-01-15T10:20:30',
    '2027-01-15T10:20:30.123',
    '2027-01-15 10:20:30Z',
    '2027-02-30T10:00:00Z',
    '2027-13-01T10:00:00Z',
    '2027-01-15T24:00:00Z',
    '2027-01-15T10:60:00Z',
    '2027-01-15T10:20:30+25:00',
    '2027-01-15T10:20:30.1234567890Z',
    'yesterday',
    '',
  ])('refuses %j', (value) => {
    expect(timestampMicros(value)).toBeUndefined()
    expect(isDateTime(value)).toBe(false)
  })

  it('isDateTime refuses what is not a string', () => {
    expect(isDateTime(1_700_000_000)).toBe(false)
    expect(isDateTime('2027-01-15T10:20:30Z')).toBe(true)
  })
})
