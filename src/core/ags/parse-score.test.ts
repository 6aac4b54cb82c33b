import { describe, expect, it } from 'vitest'
import { LtiError } from '../errors.js'
import { MAX_COMMENT_LENGTH, parseScore } from './parse-score.js'

const valid = {
  userId: 'u-1',
  scoreGiven: 7,
  scoreMaximum: 10,
  comment: 'Well argued',
  timestamp: '2027-01-15T10:20:30.123456+01:00',
  activityProgress: 'Completed',
  gradingProgress: 'FullyGraded',
  submission: { startedAt: '2027-01-15T10:00:00Z', submittedAt: '2027-01-15T10:20:00Z' },
}

function failure(body: unknown): LtiError {
  try {
    parseScore(body)
  } catch (err) {
    if (err instanceof LtiError) return err
    throw err
  }
  throw new Error('parseScore accepted the body')
}

describe('parseScore', () => {
  it('reads a full score and its timestamp in microseconds', () => {
    const { score, timestampMicros } = parseScore({ ...valid, extension: { x: 1 } })
    expect(score).toEqual(valid)
    expect(timestampMicros).toBe(Date.parse('2027-01-15T09:20:30.123Z') * 1000 + 456)
  })

  it('takes a progress-only score (no scoreGiven) and nulls as absent', () => {
    const { score } = parseScore({
      userId: 'u-1',
      scoreGiven: null,
      scoreMaximum: null,
      comment: null,
      timestamp: '2027-01-15T10:20:30Z',
      activityProgress: 'Started',
      gradingProgress: 'NotReady',
    })
    expect(score).toEqual({
      userId: 'u-1',
      timestamp: '2027-01-15T10:20:30Z',
      activityProgress: 'Started',
      gradingProgress: 'NotReady',
    })
  })

  it('takes a score of 0 and extra credit above scoreMaximum', () => {
    expect(parseScore({ ...valid, scoreGiven: 0 }).score.scoreGiven).toBe(0)
    expect(parseScore({ ...valid, scoreGiven: 12 }).score.scoreGiven).toBe(12)
  })

  it.each([
    ['userId', { userId: undefined }],
    ['userId', { userId: '' }],
    ['userId', { userId: 42 }],
    ['userId', { userId: 'x'.repeat(1025) }],
    ['scoreGiven', { scoreGiven: -1 }],
    ['scoreGiven', { scoreGiven: '7' }],
    ['scoreGiven', { scoreGiven: Number.NaN }],
    ['scoreMaximum', { scoreMaximum: 0 }],
    ['scoreMaximum', { scoreMaximum: -10 }],
    ['scoreMaximum', { scoreMaximum: undefined }],
    ['comment', { comment: 5 }],
    ['comment', { comment: 'x'.repeat(MAX_COMMENT_LENGTH + 1) }],
    ['timestamp', { timestamp: undefined }],
    ['timestamp', { timestamp: '2027-01-15T10:20:30' }],
    ['timestamp', { timestamp: 1_800_000_000 }],
    ['activityProgress', { activityProgress: 'Done' }],
    ['activityProgress', { activityProgress: undefined }],
    ['gradingProgress', { gradingProgress: 'fullygraded' }],
    ['gradingProgress', { gradingProgress: undefined }],
    ['submission', { submission: 'yes' }],
    ['submission.submittedAt', { submission: { submittedAt: 'today' } }],
  ])('refuses a bad %s with LTI_SCORE_INVALID', (field, change) => {
    const err = failure({ ...valid, ...change })
    expect(err.code).toBe('LTI_SCORE_INVALID')
    expect(err.status).toBe(400)
    expect(Object.keys(err.fields ?? {})).toEqual([field])
  })

  it.each([null, [], 'score', 3])('refuses a body that is not an object: %j', (body) => {
    expect(failure(body).code).toBe('LTI_SCORE_INVALID')
  })

  it('names every bad field at once', () => {
    const err = failure({ userId: '', timestamp: 'now' })
    expect(Object.keys(err.fields ?? {}).sort()).toEqual([
      'activityProgress',
      'gradingProgress',
      'timestamp',
      'userId',
    ])
  })
})
