import { describe, expect, it } from 'vitest'
import { displayScore, gradebookRow } from './gradebook.js'
import type { GradingScale, LineItem, ScoreRecord } from './ports.js'

const lineItem: LineItem = {
  id: 'li-1',
  contextId: 'c-1',
  toolId: 't-1',
  linkId: 'link-1',
  label: 'Quiz',
  scoreMaximum: 10,
  createdAt: 0,
}

function score(scoreGiven: number | undefined, scoreMaximum: number | undefined): ScoreRecord {
  return {
    lineItemId: 'li-1',
    userId: 'u-1',
    ...(scoreGiven === undefined ? {} : { scoreGiven }),
    ...(scoreMaximum === undefined ? {} : { scoreMaximum }),
    activityProgress: 'Completed',
    gradingProgress: 'FullyGraded',
    timestamp: '2026-11-23T10:00:00.123456Z',
    timestampMicros: 1_795_000_000_000_000,
    receivedAt: 0,
  }
}

const points: GradingScale = { type: 'points' }
const percentage: GradingScale = { type: 'percentage' }
const letter: GradingScale = {
  type: 'letter',
  bands: [
    { letter: 'A', minPercent: 90 },
    { letter: 'B', minPercent: 80 },
    { letter: 'C', minPercent: 70 },
    { letter: 'F', minPercent: 0 },
  ],
}

describe('gradebookRow', () => {
  it('keeps the score as posted and adds the display value', () => {
    expect(gradebookRow(score(85, 100), lineItem, points)).toEqual({
      userId: 'u-1',
      linkId: 'link-1',
      lineItemId: 'li-1',
      scoreGiven: 85,
      scoreMaximum: 100,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      timestamp: '2026-11-23T10:00:00.123456Z',
      display: '8.5 / 10',
    })
  })

  it('has null linkId, scores and display for a tool-created column without a score', () => {
    const { linkId: _, ...unbound } = lineItem
    const row = gradebookRow(score(undefined, undefined), unbound, percentage)
    expect(row).toMatchObject({ linkId: null, scoreGiven: null, scoreMaximum: null, display: null })
  })
})

describe('displayScore', () => {
  it('points: scales to the line item maximum', () => {
    expect(displayScore(score(85, 100), lineItem, points)).toBe('8.5 / 10')
    expect(displayScore(score(2, 3), lineItem, points)).toBe('6.67 / 10')
    expect(displayScore(score(7, 10), lineItem, points)).toBe('7 / 10')
    expect(displayScore(score(0, 5), lineItem, points)).toBe('0 / 10')
  })

  it('percentage: the fraction of the posted maximum', () => {
    expect(displayScore(score(85, 100), lineItem, percentage)).toBe('85%')
    expect(displayScore(score(1, 3), lineItem, percentage)).toBe('33.33%')
    // Extra credit is kept (AGS 2.0 lets scoreGiven exceed scoreMaximum).
    expect(displayScore(score(11, 10), lineItem, percentage)).toBe('110%')
  })

  it('letter: the first band the percentage reaches, boundaries included', () => {
    expect(displayScore(score(95, 100), lineItem, letter)).toBe('A')
    expect(displayScore(score(90, 100), lineItem, letter)).toBe('A')
    expect(displayScore(score(89.99, 100), lineItem, letter)).toBe('B')
    // 0.7 * 100 is 70.00000000000001 in floating point; 7 / 10 must still be a C, not a B.
    expect(displayScore(score(7, 10), lineItem, letter)).toBe('C')
    expect(displayScore(score(0.7, 1), lineItem, letter)).toBe('C')
    expect(displayScore(score(0, 1), lineItem, letter)).toBe('F')
  })

  it('letter: bands in any order; below every band there is no letter', () => {
    const shuffled: GradingScale = {
      type: 'letter',
      bands: [
        { letter: 'Pass', minPercent: 50 },
        { letter: 'Distinction', minPercent: 85 },
      ],
    }
    expect(displayScore(score(90, 100), lineItem, shuffled)).toBe('Distinction')
    expect(displayScore(score(60, 100), lineItem, shuffled)).toBe('Pass')
    expect(displayScore(score(10, 100), lineItem, shuffled)).toBeNull()
  })

  it("falls back on the line item's maximum when the score has none", () => {
    expect(displayScore(score(5, undefined), lineItem, percentage)).toBe('50%')
  })

  it('shows nothing without a usable score', () => {
    expect(displayScore(score(undefined, 10), lineItem, points)).toBeNull()
    expect(displayScore(score(5, 0), lineItem, points)).toBeNull()
    expect(displayScore(score(Number.NaN, 10), lineItem, points)).toBeNull()
  })
})
