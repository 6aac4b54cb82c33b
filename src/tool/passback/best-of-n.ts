/**
 * Best-of-N over one (platform, line item, learner): only an improvement is posted, and score
 * timestamps only go forward. Pure functions over the ledger entry read under its lock.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#timestamp
 */
import type { ScoreLedgerEntry } from '../ports.js'

/**
 * Whether `score` improves on what the platform holds or may hold. An uncertain post (timed out,
 * say) may have landed, so a lower score must not follow it; an equal one may (its own retry).
 */
export function improves(score: number, entry: ScoreLedgerEntry): boolean {
  if (entry.bestScore !== undefined && score <= entry.bestScore) return false
  return entry.uncertainScore === undefined || score >= entry.uncertainScore
}

/**
 * The `timestamp` of the next score: now, but strictly after the last one sent, because
 * AGS 2.0 §3.4.6 has the platform refuse a score not newer than the one it holds.
 */
export function nextTimestamp(entry: ScoreLedgerEntry, now: number): number {
  return entry.lastTimestamp === undefined ? now : Math.max(now, entry.lastTimestamp + 1)
}

/** How a post ended: stored, maybe stored (no answer, or a 5xx), or refused. */
export type PostOutcome = 'posted' | 'uncertain' | 'refused'

/** The ledger entry after posting `score` with `timestamp`. */
export function afterPost(
  entry: ScoreLedgerEntry,
  score: number,
  timestamp: number,
  outcome: PostOutcome,
): ScoreLedgerEntry {
  // Even a refused score moves the clock on: the platform may have recorded its timestamp.
  const lastTimestamp = Math.max(entry.lastTimestamp ?? timestamp, timestamp)
  if (outcome === 'refused') return { ...entry, lastTimestamp }
  if (outcome === 'uncertain') {
    const uncertainScore = Math.max(entry.uncertainScore ?? score, score)
    return { ...entry, uncertainScore, lastTimestamp }
  }
  const bestScore = Math.max(entry.bestScore ?? score, score)
  const { uncertainScore } = entry
  return {
    bestScore,
    ...(uncertainScore !== undefined && uncertainScore > bestScore ? { uncertainScore } : {}),
    lastTimestamp,
  }
}
