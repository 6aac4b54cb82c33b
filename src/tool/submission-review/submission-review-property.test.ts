import { describe, expect, it } from 'vitest'
import type { Attempt } from '../ports.js'
import { withSubmissionReview } from './submission-review-property.js'

describe('withSubmissionReview', () => {
  it('adds a review launch into the attempt workspace, naming the scenario', () => {
    const newLineItem = withSubmissionReview((ws) => `https://tool.example/lti/${ws}/launch`)
    const attempt = { workspaceId: 'ws-1', scenarioId: 'sc-9' } as Attempt
    const base = { label: 'Negotiation', scoreMaximum: 100, resourceLinkId: 'link-1' }
    expect(newLineItem(attempt, base)).toEqual({
      ...base,
      submissionReview: {
        reviewableStatus: ['InProgress', 'Submitted', 'Completed'],
        label: 'Open the attempt',
        url: 'https://tool.example/lti/ws-1/launch',
        custom: { scenario_id: 'sc-9' },
      },
    })
  })
})
