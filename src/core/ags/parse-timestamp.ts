/**
 * ISO 8601 date-times as AGS carries them (score `timestamp`, line item dates, submission times),
 * read to epoch microseconds so two scores compare exactly even when the tool sends more digits
 * than a JavaScript Date keeps.
 */

// RFC 3339 profile of ISO 8601: a full date, a time, an optional fraction (up to nanoseconds)
// and a mandatory time zone. `Date.parse` would accept a date-only value and local times.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/

/**
 * The instant of an ISO 8601 date-time with a time zone, in epoch microseconds (digits below
 * the microsecond are dropped); `undefined` when the value is not such a date-time.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#timestamp
 */
export function timestampMicros(value: string): number | undefined {
  const m = DATE_TIME.exec(value)
  if (!m) return undefined
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined
  // setUTCFullYear, unlike Date.UTC, keeps years below 100 as they are.
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  // A day that does not exist (31 April) rolls over into the next month and comes back changed.
  if (date.getUTCDate() !== day) return undefined
  const ms = date.getTime() + ((hour * 60 + minute) * 60 + second) * 1000
  let offsetMinutes = 0
  if (!m[8]) {
    const offsetHours = Number(m[10])
    const offsetMins = Number(m[11])
    if (offsetHours > 23 || offsetMins > 59) return undefined
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins)
  }
  const fraction = Number((m[7] ?? '').padEnd(6, '0').slice(0, 6))
  return (ms - offsetMinutes * 60_000) * 1000 + fraction
}

/** True for an ISO 8601 date-time with a time zone (line item and submission dates). */
export function isDateTime(value: unknown): value is string {
  return typeof value === 'string' && timestampMicros(value) !== undefined
}
