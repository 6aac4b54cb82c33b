/**
 * Reads the body of a score publish request (AGS 2.0 §3.4) into a typed score, field by field:
 * no schema library, because a score POST is the platform's hottest path.
 */
import { LtiRequestInvalid } from '../errors.js'
import { timestampMicros } from './parse-timestamp.js'
import { ACTIVITY_PROGRESS, GRADING_PROGRESS } from './types.js'
import type { ActivityProgress, GradingProgress, Score } from './types.js'

/** Longest `userId` and `comment` taken; anything longer is refused rather than cut. */
export const MAX_USER_ID_LENGTH = 1024
export const MAX_COMMENT_LENGTH = 10_000

export interface ParsedScore {
  readonly score: Score
  /** `score.timestamp` in epoch microseconds, for the stale-score check (AGS 2.0 §3.4.6). */
  readonly timestampMicros: number
}

/**
 * Checks a score publish body. Unknown properties (extensions) are ignored; `null` counts as
 * absent for the optional ones.
 * @throws LTI_SCORE_INVALID with `fields` naming each bad property.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
export function parseScore(body: unknown): ParsedScore {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid({ '(body)': 'must be a JSON object' })
  }
  const b = body as Record<string, unknown>
  const fields: Record<string, string> = {}

  // AGS 2.0 §3.4.1: the LTI user ID of the learner, as in the launch's `sub`.
  const userId = b.userId
  if (typeof userId !== 'string' || userId === '' || userId.length > MAX_USER_ID_LENGTH) {
    fields.userId = 'must be a non-empty string'
  }
  // AGS 2.0 §3.4.4: scoreGiven is a number from 0 (it may exceed scoreMaximum: extra credit)
  // and needs scoreMaximum, a number above 0.
  const scoreGiven = b.scoreGiven ?? undefined
  if (scoreGiven !== undefined && !(isNumber(scoreGiven) && scoreGiven >= 0)) {
    fields.scoreGiven = 'must be a number from 0'
  }
  const scoreMaximum = b.scoreMaximum ?? undefined
  if (scoreMaximum !== undefined && !(isNumber(scoreMaximum) && scoreMaximum > 0)) {
    fields.scoreMaximum = 'must be a number above 0'
  } else if (scoreMaximum === undefined && scoreGiven !== undefined) {
    fields.scoreMaximum = 'is required with scoreGiven'
  }
  const comment = b.comment ?? undefined
  if (
    comment !== undefined &&
    (typeof comment !== 'string' || comment.length > MAX_COMMENT_LENGTH)
  ) {
    fields.comment = `must be a string of at most ${MAX_COMMENT_LENGTH} characters`
  }
  // AGS 2.0 §3.4.6: ISO 8601 with a time zone; the platform orders scores by it.
  const timestamp = b.timestamp
  const micros = typeof timestamp === 'string' ? timestampMicros(timestamp) : undefined
  if (micros === undefined) fields.timestamp = 'must be an ISO 8601 date-time with a time zone'
  // AGS 2.0 §3.4.2 and §3.4.3: both progress values are required and closed lists.
  if (!ACTIVITY_PROGRESS.includes(b.activityProgress as ActivityProgress)) {
    fields.activityProgress = `must be one of ${ACTIVITY_PROGRESS.join(', ')}`
  }
  if (!GRADING_PROGRESS.includes(b.gradingProgress as GradingProgress)) {
    fields.gradingProgress = `must be one of ${GRADING_PROGRESS.join(', ')}`
  }
  const submission = parseSubmission(b.submission ?? undefined, fields)

  if (Object.keys(fields).length > 0) throw invalid(fields)
  const score: Score = {
    userId: userId as string,
    timestamp: timestamp as string,
    activityProgress: b.activityProgress as ActivityProgress,
    gradingProgress: b.gradingProgress as GradingProgress,
  }
  if (scoreGiven !== undefined) score.scoreGiven = scoreGiven as number
  if (scoreMaximum !== undefined) score.scoreMaximum = scoreMaximum as number
  if (comment !== undefined) score.comment = comment as string
  if (submission) score.submission = submission
  return { score, timestampMicros: micros as number }
}

// AGS 2.0 §3.4.8: the optional submission object, with ISO 8601 start and end.
function parseSubmission(
  value: unknown,
  fields: Record<string, string>,
): Score['submission'] | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fields.submission = 'must be an object'
    return undefined
  }
  const result: NonNullable<Score['submission']> = {}
  for (const key of ['startedAt', 'submittedAt'] as const) {
    const at = (value as Record<string, unknown>)[key] ?? undefined
    if (at === undefined) continue
    if (typeof at === 'string' && timestampMicros(at) !== undefined) result[key] = at
    else fields[`submission.${key}`] = 'must be an ISO 8601 date-time with a time zone'
  }
  return result
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

function invalid(fields: Record<string, string>): LtiRequestInvalid {
  const names = Object.keys(fields)
  return new LtiRequestInvalid('LTI_SCORE_INVALID', `invalid score property "${names[0]}"`, {
    fields,
    cause: { fields: names },
  })
}
