import { describe, expect, it } from 'vitest'
import { SCOPE } from '../../core/claims.js'
import type { LtiError } from '../../core/errors.js'
import type { LineItem, ScoreRecord, ScoreWriteOutcome, Tool } from '../ports.js'
import type { ServiceCaller, ServiceDeps } from '../service-guard.js'
import { platformUrls } from '../service-urls.js'
import { postScore } from './post-score.js'

const NOW = 1_800_000_000_000
const tool = { id: 'tool-1' } as Tool
const item = { id: 'li-1', contextId: 'ctx-1', toolId: tool.id } as LineItem
const caller: ServiceCaller = {
  tool,
  grant: { toolId: tool.id, clientId: 'c', scopes: [SCOPE.agsScore], expiresAt: NOW / 1000 + 60 },
}
const body = JSON.stringify({
  userId: 'u-1',
  scoreGiven: 7,
  scoreMaximum: 10,
  activityProgress: 'Completed',
  gradingProgress: 'FullyGraded',
  timestamp: '2027-01-15T08:00:00.123456Z',
})

/** Posts one score to a store whose upsert answers `outcome`; the code thrown, or the status. */
async function post(
  outcome: ScoreWriteOutcome,
): Promise<{ result: number | string; put: ScoreRecord[] }> {
  const put: ScoreRecord[] = []
  const deps = {
    stores: {
      lineItems: { findLineItem: async (id: string) => (id === item.id ? item : undefined) },
      contexts: { findEnrollment: async () => ({ roles: ['Learner'], status: 'Active' }) },
      scores: {
        putScore: async (score: ScoreRecord) => {
          put.push(score)
          return outcome
        },
      },
    },
    urls: platformUrls('https://lms.example'),
    clock: { now: () => NOW },
  } as unknown as ServiceDeps
  try {
    const response = await postScore.handle({
      deps,
      caller,
      request: { query: {}, readBody: async () => body },
      params: { contextId: item.contextId, lineItemId: item.id },
    })
    return { result: response.status, put }
  } catch (err) {
    return { result: (err as LtiError).code, put }
  }
}

describe('postScore', () => {
  it('answers 204 once the score is stored, with its timestamp to the microsecond', async () => {
    const { result, put } = await post('stored')
    expect(result).toBe(204)
    expect(put).toMatchObject([
      { lineItemId: item.id, userId: 'u-1', scoreGiven: 7, timestampMicros: 1_800_000_000_123_456 },
    ])
  })

  it('refuses a score no newer than the stored one (AGS 2.0 §3.4.6)', async () => {
    expect((await post('stale')).result).toBe('LTI_SCORE_STALE')
  })

  it('answers not found when the line item was deleted after it was looked up', async () => {
    expect((await post('gone')).result).toBe('LTI_LINE_ITEM_NOT_FOUND')
  })
})
