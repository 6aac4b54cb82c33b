/**
 * The `submissionReview` member of the line items the tool creates (through deep linking or the
 * line item service): it tells the platform that its gradebook may launch an
 * LtiSubmissionReviewRequest back to the tool for a learner's work.
 * @see https://www.imsglobal.org/spec/lti-sr/v1p0/
 */
import type { LineItem, SubmissionReview } from '../../core/ags/types.js'
import { SCENARIO_PARAMETER } from '../launch.js'
import type { Attempt } from '../ports.js'

/** AGS 2.0 `activityProgress` values of an attempt worth reviewing: any started one. */
const REVIEWABLE = ['InProgress', 'Submitted', 'Completed']

/**
 * The property for a line item of a scenario: the review launches the tool's launch URL with the
 * scenario named, so the instructor lands on that learner's attempts at it.
 */
export function submissionReviewOf(input: {
  launchUrl: string
  scenarioId?: string
}): SubmissionReview {
  return {
    reviewableStatus: [...REVIEWABLE],
    label: 'Open the attempt',
    url: input.launchUrl,
    ...(input.scenarioId ? { custom: { [SCENARIO_PARAMETER]: input.scenarioId } } : {}),
  }
}

/**
 * A `newLineItem` for the passback processor: line items it creates carry `submissionReview`.
 * @param launchUrlOf The launch URL of a workspace.
 */
export function withSubmissionReview(
  launchUrlOf: (workspaceId: string) => string,
): (attempt: Attempt, base: LineItem) => LineItem {
  return (attempt, base) => ({
    ...base,
    submissionReview: submissionReviewOf({
      launchUrl: launchUrlOf(attempt.workspaceId),
      scenarioId: attempt.scenarioId,
    }),
  })
}
