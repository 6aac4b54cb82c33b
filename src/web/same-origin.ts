/**
 * Whether a form post came from one of our own pages (the CSRF check every page form shares,
 * beside SameSite cookies and, where a page has them, form tokens).
 *
 * `Origin` must be ours when it names an origin. A page served with `Referrer-Policy:
 * no-referrer` makes Chromium send `Origin: null` even for its own same-origin posts (Fetch
 * §3.2.5, "serializing a request origin"), so `null` is accepted only when Fetch Metadata, which
 * no page can forge, says `same-origin`. A `null` from a sandboxed frame on another site comes
 * with `Sec-Fetch-Site: cross-site` and is refused.
 * @see https://fetch.spec.whatwg.org/#serializing-a-request-origin
 * @see https://www.w3.org/TR/fetch-metadata/#sec-fetch-site-header
 */
export function isSameOriginPost(
  headers: { origin: string | undefined; site: string | undefined },
  publicUrl: string,
  allowedSites: readonly string[] = ['same-origin', 'none'],
): boolean {
  const { origin, site } = headers
  if (site && !allowedSites.includes(site)) return false
  if (origin === undefined || origin === new URL(publicUrl).origin) return true
  return origin === 'null' && site === 'same-origin'
}
