/**
 * RFC 8288 `Link` headers as AGS 2.0 §3.2.6 and NRPS 2.0 §2.4 use them for paging.
 */

/** One `<url>; rel="next"` (or first, last, prev, differences) entry per relation. */
export function formatLinkHeader(links: Readonly<Record<string, string | undefined>>): string {
  return Object.entries(links)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([rel, url]) => `<${url}>; rel="${rel}"`)
    .join(', ')
}

// Typographic quotes and apostrophes some LMSes emit around the relation (seen in the wild
// around rel values copied from documentation), and plain single quotes.
const QUOTES = /^["'\u201C\u201D\u2018\u2019]+|["'\u201C\u201D\u2018\u2019]+$/g

/**
 * The URL of relation `rel` in a `Link` header, resolved against `base`; `undefined` when absent
 * or unparseable. Tolerant: typographic or missing quotes, any parameter order, several rels in
 * one value (`rel="next last"`), URLs that carry their own query string or commas.
 */
export function findLink(header: string | null, rel: string, base?: string): string | undefined {
  if (!header) return undefined
  header = utf8Again(header)
  const wanted = rel.toLowerCase()
  // Each entry starts at "<"; URLs cannot hold "<" or ">" unescaped (RFC 3986 §2).
  for (const match of header.matchAll(/<([^>]*)>([^<]*)/g)) {
    const target = match[1] ?? ''
    const params = (match[2] ?? '').split(';').slice(1)
    for (const param of params) {
      const eq = param.indexOf('=')
      if (eq < 0) continue
      if (param.slice(0, eq).trim().toLowerCase() !== 'rel') continue
      const value = param
        .slice(eq + 1)
        .trim()
        .replace(/,$/, '')
        .trim()
        .replace(QUOTES, '')
      if (value.toLowerCase().split(/\s+/).includes(wanted)) {
        try {
          return new URL(target.trim(), base).href
        } catch {
          return undefined
        }
      }
    }
  }
  return undefined
}

/**
 * `fetch` reads header bytes one per character (Fetch's isomorphic decode), so quotes an LMS
 * wrote in UTF-8 (some Moodle versions' `rel=“next”`) arrive as `â\x80\x9cnext…`. Such a value
 * is decoded as UTF-8 again; one that is not valid UTF-8 stays as it came.
 */
function utf8Again(header: string): string {
  // eslint-disable-next-line no-control-regex -- bytes above ASCII are what this looks for
  if (!/[\x80-\xff]/.test(header) || /[^\x00-\xff]/.test(header)) return header
  try {
    const bytes = Uint8Array.from(header, (char) => char.charCodeAt(0))
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return header
  }
}
