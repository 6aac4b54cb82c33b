/**
 * The score a finished play sends to the gradebook (AGS 2.0 §3.4), scaled from the tool's
 * 0 to 100 onto the line item's points.
 */
import { scaleScore } from '../../core/ags/scale-score.js'
import type { Score } from '../../core/ags/types.js'

export interface BuildScoreInput {
  /** The learner's `sub` at the platform. */
  readonly userId: string
  /** The tool's score, 0 to 100. */
  readonly score: number
  /**
   * The line item's `scoreMaximum` when the tool could read it; otherwise the score goes as
   * points out of 100 and the platform scales it (AGS 2.0 §3.4.4 sends both values for that).
   */
  readonly scoreMaximum?: number
  /** Epoch milliseconds; strictly later than the previous score of this learner and line item. */
  readonly timestamp: number
}

/**
 * A completed, fully graded score: `scoreGiven` = score / 100 × `scoreMaximum` (80 becomes 8 out
 * of 10, or 0.8 out of 1; 33 % of 10 is 3.3, not 3.3000000000000003: see `scaleScore`).
 *
 * @throws TypeError (`ERR_INVALID_ARG_VALUE`) for a score outside 0..100 or a `scoreMaximum` that
 *   is not positive.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
export function buildScore({ userId, score, scoreMaximum, timestamp }: BuildScoreInput): Score {
  if (!Number.isFinite(score) || score < 0 || score > 100) {
    throw argError('"score" must be a number from 0 to 100')
  }
  const maximum = scoreMaximum ?? 100
  if (!Number.isFinite(maximum) || maximum <= 0) {
    throw argError('"scoreMaximum" must be a positive number')
  }
  return {
    userId,
    scoreGiven: scaleScore(score, 100, maximum),
    scoreMaximum: maximum,
    // AGS 2.0 §3.4.6: ISO 8601 with sub-second precision; toISOString gives milliseconds.
    timestamp: new Date(timestamp).toISOString(),
    // AGS 2.0 §3.4.2-3: a finished play; Canvas ignores scoreGiven unless FullyGraded.
    activityProgress: 'Completed',
    gradingProgress: 'FullyGraded',
  }
}

function argError(message: string): TypeError {
  return Object.assign(new TypeError(message), { code: 'ERR_INVALID_ARG_VALUE' })
}
