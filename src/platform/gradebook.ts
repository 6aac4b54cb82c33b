/**
 * The gradebook: a score as the tool posted it, shown on the course's grading scale.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-service-media-type-and-schema
 */
import type { GradingScale, LineItem, ScoreRecord } from './ports.js'

/** One cell of the gradebook: a user's latest score on a line item. */
export interface GradebookRow {
  readonly userId: string
  /** Our `ResourceLink.id` the line item is bound to; `null` for a tool-created column. */
  readonly linkId: string | null
  readonly lineItemId: string
  /** As posted by the tool (AGS 2.0 §3.4.5); `null` when the score carried none. */
  readonly scoreGiven: number | null
  readonly scoreMaximum: number | null
  readonly activityProgress: string
  readonly gradingProgress: string
  readonly timestamp: string
  /** The score on the course's scale (`"8.5 / 10"`, `"85%"`, `"B"`); `null` without a score. */
  readonly display: string | null
}

/**
 * Converts a stored score to its gradebook row.
 *
 * The score counts as the fraction `scoreGiven / scoreMaximum` of the score as posted: AGS 2.0
 * §3.4.5 lets a tool post on its own maximum, and it is the platform's job to scale it to the
 * line item's `scoreMaximum`. Scores above the maximum (extra credit) are kept as they are. The
 * row is shown whatever the `gradingProgress`; the row carries it for the reader to judge.
 *
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#scoregiven-and-scoremaximum
 */
export function gradebookRow(
  score: ScoreRecord,
  lineItem: LineItem,
  scale: GradingScale,
): GradebookRow {
  return {
    userId: score.userId,
    linkId: lineItem.linkId ?? null,
    lineItemId: score.lineItemId,
    scoreGiven: score.scoreGiven ?? null,
    scoreMaximum: score.scoreMaximum ?? null,
    activityProgress: score.activityProgress,
    gradingProgress: score.gradingProgress,
    timestamp: score.timestamp,
    display: displayScore(score, lineItem, scale),
  }
}

/** The score on the scale, or `null` when there is nothing to show. */
export function displayScore(
  score: Pick<ScoreRecord, 'scoreGiven' | 'scoreMaximum'>,
  lineItem: Pick<LineItem, 'scoreMaximum'>,
  scale: GradingScale,
): string | null {
  if (typeof score.scoreGiven !== 'number' || !Number.isFinite(score.scoreGiven)) return null
  // AGS 2.0 §3.4.5 requires scoreMaximum with scoreGiven; fall back on the column's maximum.
  const maximum = score.scoreMaximum ?? lineItem.scoreMaximum
  if (!(maximum > 0)) return null
  const fraction = score.scoreGiven / maximum
  switch (scale.type) {
    case 'points':
      return `${formatNumber(fraction * lineItem.scoreMaximum)} / ${formatNumber(lineItem.scoreMaximum)}`
    case 'percentage':
      return `${formatNumber(fraction * 100)}%`
    case 'letter':
      return letterOf(fraction * 100, scale.bands)
  }
}

function letterOf(
  percent: number,
  bands: readonly { letter: string; minPercent: number }[],
): string | null {
  // Rounded first, so 0.7 * 100 = 70.00000000000001 and 69.99999999999999 both reach a 70 band.
  const value = round(percent, 6)
  const ordered = [...bands].sort((a, b) => b.minPercent - a.minPercent)
  return ordered.find((band) => value >= band.minPercent)?.letter ?? null
}

/** At most two decimals, no trailing zeros: 8.5, 10, 66.67. */
function formatNumber(value: number): string {
  return String(round(value, 2))
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals
  const rounded = Math.round(value * factor) / factor
  return Object.is(rounded, -0) ? 0 : rounded
}
