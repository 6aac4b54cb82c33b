import { describe, expect, it } from 'vitest'
import { buildScore } from './build-score.js'

const at = Date.UTC(2026, 10, 23, 9, 30, 15, 123)

describe('buildScore', () => {
  it('scales 0..100 onto the line item maximum', () => {
    const given = (score: number, scoreMaximum?: number) =>
      buildScore({ userId: 'u', score, timestamp: at, ...(scoreMaximum ? { scoreMaximum } : {}) })
    expect(given(80, 100)).toMatchObject({ scoreGiven: 80, scoreMaximum: 100 })
    expect(given(80, 10)).toMatchObject({ scoreGiven: 8, scoreMaximum: 10 })
    expect(given(80, 1)).toMatchObject({ scoreGiven: 0.8, scoreMaximum: 1 })
    expect(given(33, 10)).toMatchObject({ scoreGiven: 3.3 })
    expect(given(70, 1)).toMatchObject({ scoreGiven: 0.7 })
    expect(given(55)).toMatchObject({ scoreGiven: 55, scoreMaximum: 100 })
  })

  it('is a completed, fully graded score with a millisecond ISO timestamp', () => {
    expect(buildScore({ userId: 'sub-1', score: 0, scoreMaximum: 5, timestamp: at })).toEqual({
      userId: 'sub-1',
      scoreGiven: 0,
      scoreMaximum: 5,
      timestamp: '2026-11-23T09:30:15.123Z',
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    })
  })

  it.each([[-1], [100.5], [Number.NaN]])('refuses score %s', (score) => {
    expect(() => buildScore({ userId: 'u', score, timestamp: at })).toThrow(TypeError)
  })

  it('refuses a maximum that is not positive', () => {
    expect(() => buildScore({ userId: 'u', score: 1, scoreMaximum: 0, timestamp: at })).toThrow(
      TypeError,
    )
  })
})
