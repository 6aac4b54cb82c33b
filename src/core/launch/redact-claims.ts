/**
 * Removes personal data from id_token claims before they reach the launch log, so admins can
 * debug a launch without the log becoming a store of learners' names and emails.
 */
import { CLAIM, PERSONAL_CLAIMS } from '../claims.js'
import type { IdTokenPayload } from './claim-types.js'

const REDACTED = '[redacted]'
const MAX_STRING = 512

/** Claims whose whole value is personal or secret. */
const REDACT_WHOLE = new Set<string>([...PERSONAL_CLAIMS, 'nonce', CLAIM.lti1p1])

/** Returns a copy safe to store: personal claims replaced, long strings cut, `lis` ids masked. */
export function redactClaims(payload: IdTokenPayload): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [claim, value] of Object.entries(payload)) {
    if (REDACT_WHOLE.has(claim)) out[claim] = REDACTED
    else if (claim === CLAIM.lis && typeof value === 'object' && value !== null) {
      out[claim] = Object.fromEntries(Object.keys(value).map((k) => [k, REDACTED]))
    } else out[claim] = bounded(value, 0)
  }
  return out
}

function bounded(value: unknown, depth: number): unknown {
  if (typeof value === 'string') {
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value
  }
  if (depth > 4 || typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => bounded(v, depth + 1))
  return Object.fromEntries(
    Object.entries(value)
      .slice(0, 100)
      .map(([k, v]) => [k, bounded(v, depth + 1)]),
  )
}
