import { percentEncode } from './percent-encode.js'

/**
 * The signature base string of an OAuth 1.0a request: the uppercased method, the base string URI
 * and the normalized parameters, each percent-encoded and joined with `&`.
 *
 * @param method the HTTP method (`POST` for LTI 1.1 launches and Basic Outcomes)
 * @param url the absolute request URL; its query parameters are signed, its fragment is not
 * @param params the other request parameters (form body and Authorization header parameters);
 *   `oauth_signature` is left out wherever it appears, as is a header `realm`
 *   (the caller passes header parameters without it, see `parseOAuth1AuthorizationHeader`)
 * @throws TypeError when `url` is not an absolute http(s) URL
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.1
 */
export function signatureBaseString(
  method: string,
  url: string,
  params: ReadonlyArray<readonly [string, string]>,
): string {
  const parsed = parseHttpUrl(url)
  const all: Array<readonly [string, string]> = [...parsed.searchParams, ...params]
  return [
    percentEncode(method.toUpperCase()),
    percentEncode(baseStringUri(parsed)),
    percentEncode(normalizeParameters(all)),
  ].join('&')
}

/**
 * RFC 5849 §3.4.1.2: lowercase scheme and host, the port only when it is not the scheme's
 * default, the path (`/` when empty), no query and no fragment. WHATWG `URL` already lowercases
 * the host and drops a default port.
 */
function baseStringUri(url: URL): string {
  const path = url.pathname === '' ? '/' : url.pathname
  return `${url.protocol}//${url.host}${path}`
}

/**
 * RFC 5849 §3.4.1.3.2: encode every name and value, sort by name then by value (byte order of
 * the encoded strings, which are ASCII), join `name=value` pairs with `&`.
 */
function normalizeParameters(params: ReadonlyArray<readonly [string, string]>): string {
  return params
    .filter(([name]) => name !== 'oauth_signature')
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(([an, av], [bn, bv]) => compare(an, bn) || compare(av, bv))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function parseHttpUrl(url: string): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw Object.assign(new TypeError('"url" must be an absolute URL'), {
      code: 'ERR_INVALID_ARG_TYPE',
    })
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw Object.assign(new TypeError('"url" must be an http or https URL'), {
      code: 'ERR_INVALID_ARG_TYPE',
    })
  }
  return parsed
}
