import { describe, expect, it } from 'vitest'
import { scaleScore } from './scale-score.js'

describe('scaleScore', () => {
  it('rescales onto the target maximum without float noise', () => {
    expect(scaleScore(0.7, 1, 100)).toBe(70)
    expect(scaleScore(7, 10, 60)).toBe(42)
    expect(scaleScore(1, 3, 1)).toBeCloseTo(0.333333333333333, 15)
  })

  it('keeps the score as sent when the maxima match, and extra credit above it', () => {
    expect(scaleScore(0.1 + 0.2, 1, 1)).toBe(0.1 + 0.2)
    expect(scaleScore(12, 10, 20)).toBe(24)
    expect(scaleScore(0, 10, 20)).toBe(0)
  })
})
