/** Times on the admin pages: how long ago in words, beside the exact UTC time. */

const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
]

/** "5 minutes ago", "yesterday", "in 2 hours"; "just now" within a minute. */
export function relativeTime(at: number, now: number): string {
  const delta = at - now
  for (const [unit, ms] of UNITS) {
    if (Math.abs(delta) >= ms) return RELATIVE.format(Math.trunc(delta / ms), unit)
  }
  return 'just now'
}

/** `2026-03-04 05:06 UTC`. */
export function utcTime(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** A `<time>` reading "5 minutes ago · 2026-03-04 05:06 UTC". */
export function TimeAgo(props: { at: number; now: number }) {
  return (
    <time datetime={new Date(props.at).toISOString()}>
      {relativeTime(props.at, props.now)} <span class="muted">· {utcTime(props.at)}</span>
    </time>
  )
}
