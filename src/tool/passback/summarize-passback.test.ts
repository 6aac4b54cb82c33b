import { describe, expect, it } from 'vitest'
import type { PassbackJob } from '../ports.js'
import { summarizePassback } from './summarize-passback.js'

let n = 0
const job = (overrides: Partial<PassbackJob>): PassbackJob => ({
  id: `job-${++n}`,
  attemptId: 'a',
  resultId: `r-${n}`,
  score: 50,
  state: 'pending',
  runAt: 1000,
  tries: 0,
  createdAt: n,
  updatedAt: n,
  ...overrides,
})

describe('summarizePassback', () => {
  it('has nothing to say before the first result, unless passback is not applicable', () => {
    expect(summarizePassback([], true)).toBeUndefined()
    expect(summarizePassback([], false)).toEqual({
      status: 'not-applicable',
      attempts: 0,
      lastError: { code: 'LTI_AGS_NOT_AVAILABLE' },
    })
  })

  it('is pending while a job waits, with its last error and next try', () => {
    const jobs = [
      job({ state: 'succeeded', score: 40, postedScore: 40, tries: 1 }),
      job({
        state: 'pending',
        score: 60,
        tries: 2,
        runAt: 9000,
        lastErrorCode: 'LTI_AGS_REQUEST_FAILED',
        lastError: 'HTTP 503',
      }),
    ]
    expect(summarizePassback(jobs, true)).toEqual({
      status: 'pending',
      postedScore: 40,
      attempts: 2,
      lastError: { code: 'LTI_AGS_REQUEST_FAILED', message: 'HTTP 503' },
      nextTryAt: 9000,
    })
  })

  it('is failed while a failed score beats every posted one, posted otherwise', () => {
    const failed = job({
      state: 'failed',
      score: 90,
      tries: 15,
      lastErrorCode: 'LTI_AGS_REQUEST_FAILED',
    })
    const posted = job({ state: 'succeeded', score: 80, postedScore: 80, tries: 1 })
    expect(summarizePassback([posted, failed], true)).toEqual({
      status: 'failed',
      postedScore: 80,
      attempts: 15,
      lastError: { code: 'LTI_AGS_REQUEST_FAILED' },
    })
    const lowerFailed = { ...failed, score: 70 }
    expect(summarizePassback([posted, lowerFailed], true)).toEqual({
      status: 'posted',
      postedScore: 80,
      attempts: 1,
    })
    // Superseded: nothing better to post.
    expect(summarizePassback([job({ state: 'succeeded', tries: 1 })], true)).toEqual({
      status: 'posted',
      attempts: 1,
    })
  })

  it('is not applicable when every job is', () => {
    const jobs = [job({ state: 'not_applicable', lastErrorCode: 'LTI_AGS_LINE_ITEM_UNAVAILABLE' })]
    expect(summarizePassback(jobs, true)).toEqual({
      status: 'not-applicable',
      attempts: 0,
      lastError: { code: 'LTI_AGS_LINE_ITEM_UNAVAILABLE' },
    })
  })
})
