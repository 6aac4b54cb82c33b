/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP date. A 429 or 503 from the LMS
 * names the earliest moment a retry is welcome.
 */

/**
 * Milliseconds to wait from `now`, or `undefined` when the header is absent or unreadable.
 * A date in the past gives 0.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  // RFC 9110 §5.6.7: an IMF-fixdate (older forms too); Date.parse reads all three.
  if (!/[a-z]/i.test(text)) return undefined
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
