import { describe, expect, it } from 'vitest'
import { LtiError } from '../errors.js'
import { MAX_LINE_ITEM_TEXT, parseLineItem } from './parse-line-item.js'

const valid = {
  label: 'Chapter 5 test',
  scoreMaximum: 60,
  resourceLinkId: 'rl-1',
  resourceId: 'quiz-5',
  tag: 'grade',
  startDateTime: '2027-03-06T20:05:02Z',
  endDateTime: '2027-04-06T22:05:03+02:00',
  gradesReleased: true,
  submissionReview: {
    reviewableStatus: ['InProgress', 'Submitted'],
    label: 'Open my review',
    url: 'https://tool.example/review',
    custom: { action: 'review' },
  },
}

function failure(body: unknown): LtiError {
  try {
    parseLineItem(body)
  } catch (err) {
    if (err instanceof LtiError) return err
    throw err
  }
  throw new Error('parseLineItem accepted the body')
}

describe('parseLineItem', () => {
  it('reads every property, dropping id and extensions', () => {
    const item = parseLineItem({ ...valid, id: 'https://elsewhere', 'https://x.example/ext': 1 })
    expect(item).toEqual(valid)
  })

  it('needs only label and scoreMaximum; nulls count as absent', () => {
    expect(parseLineItem({ label: 'L', scoreMaximum: 0.5, tag: null })).toEqual({
      label: 'L',
      scoreMaximum: 0.5,
    })
  })

  it.each([
    ['label', { label: undefined }],
    ['label', { label: '   ' }],
    ['label', { label: 3 }],
    ['label', { label: 'x'.repeat(MAX_LINE_ITEM_TEXT + 1) }],
    ['scoreMaximum', { scoreMaximum: undefined }],
    ['scoreMaximum', { scoreMaximum: 0 }],
    ['scoreMaximum', { scoreMaximum: '100' }],
    ['scoreMaximum', { scoreMaximum: Number.POSITIVE_INFINITY }],
    ['resourceLinkId', { resourceLinkId: 7 }],
    ['resourceId', { resourceId: {} }],
    ['tag', { tag: 'x'.repeat(MAX_LINE_ITEM_TEXT + 1) }],
    ['startDateTime', { startDateTime: '2027-03-06' }],
    ['endDateTime', { endDateTime: 'soon' }],
    ['gradesReleased', { gradesReleased: 'yes' }],
    ['submissionReview', { submissionReview: [] }],
    ['submissionReview.reviewableStatus', { submissionReview: { reviewableStatus: ['Done'] } }],
    ['submissionReview.reviewableStatus', { submissionReview: { reviewableStatus: 'Any' } }],
    ['submissionReview.url', { submissionReview: { url: 'javascript:alert(1)' } }],
    ['submissionReview.label', { submissionReview: { label: 1 } }],
    ['submissionReview.custom', { submissionReview: { custom: { a: 1 } } }],
  ])('refuses a bad %s with LTI_LINE_ITEM_INVALID', (field, change) => {
    const err = failure({ ...valid, ...change })
    expect(err.code).toBe('LTI_LINE_ITEM_INVALID')
    expect(err.status).toBe(400)
    expect(Object.keys(err.fields ?? {})).toEqual([field])
  })

  it.each([null, [valid], 'x'])('refuses a body that is not an object: %j', (body) => {
    expect(failure(body).code).toBe('LTI_LINE_ITEM_INVALID')
  })
})
