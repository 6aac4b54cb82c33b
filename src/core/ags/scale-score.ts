/**
 * Rescales a score to another maximum: a tool's `scoreGiven`/`scoreMaximum` onto the line item's
 * `scoreMaximum` for results, or onto a gradebook's scale.
 */

/**
 * `scoreGiven / scoreMaximum * targetMaximum`, rounded to 15 significant digits so that 0.7 of 1
 * on a 100-point line item reads 70 and not 70.00000000000001. Unchanged when the maxima match.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#scoregiven-and-scoremaximum
 */
export function scaleScore(
  scoreGiven: number,
  scoreMaximum: number,
  targetMaximum: number,
): number {
  if (scoreMaximum === targetMaximum) return scoreGiven
  return Number(((scoreGiven / scoreMaximum) * targetMaximum).toPrecision(15))
}
