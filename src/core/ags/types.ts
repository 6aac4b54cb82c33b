/**
 * The wire shapes of Assignment and Grade Services 2.0, spelled as the spec spells them.
 * Parsing (server side) and serializing (client side) live beside this file, one job each.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/
 */

/** AGS 2.0 §3.2: a line item (a gradebook column), `application/vnd.ims.lis.v2.lineitem+json`. */
export interface LineItem {
  /** The line item's URL; absent only in a create request. */
  id?: string
  label: string
  scoreMaximum: number
  resourceLinkId?: string
  resourceId?: string
  tag?: string
  startDateTime?: string
  endDateTime?: string
  gradesReleased?: boolean
  /** Submission Review 1.0 §3.1: how the tool wants its submissions reviewed. */
  submissionReview?: SubmissionReview
}

/** Submission Review 1.0 §3.1: a line item property naming the review launch. */
export interface SubmissionReview {
  reviewableStatus?: string[]
  label?: string
  url?: string
  custom?: Record<string, string>
}

/** AGS 2.0 §3.4.2 and §3.4.3. */
export const ACTIVITY_PROGRESS = [
  'Initialized',
  'Started',
  'InProgress',
  'Submitted',
  'Completed',
] as const
export type ActivityProgress = (typeof ACTIVITY_PROGRESS)[number]

export const GRADING_PROGRESS = [
  'FullyGraded',
  'Pending',
  'PendingManual',
  'Failed',
  'NotReady',
] as const
export type GradingProgress = (typeof GRADING_PROGRESS)[number]

/** AGS 2.0 §3.4: a score, `application/vnd.ims.lis.v1.score+json`. */
export interface Score {
  userId: string
  scoreGiven?: number
  scoreMaximum?: number
  comment?: string
  /** ISO 8601 with sub-second precision and a time zone. */
  timestamp: string
  activityProgress: ActivityProgress
  gradingProgress: GradingProgress
  /** AGS 2.0 §3.4.8 (optional): a submission's start and end. */
  submission?: { startedAt?: string; submittedAt?: string }
}

/** AGS 2.0 §3.3: one result, in `application/vnd.ims.lis.v2.resultcontainer+json` arrays. */
export interface Result {
  id: string
  scoreOf: string
  userId: string
  resultScore?: number
  resultMaximum?: number
  comment?: string
}
