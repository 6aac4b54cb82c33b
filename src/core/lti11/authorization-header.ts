import { LtiRequestInvalid } from '../errors.js'
import { percentEncode } from './percent-encode.js'

/** Bounds a header to what a real OAuth 1.0a request needs (about 400 bytes in practice). */
const MAX_HEADER_LENGTH = 8192
const MAX_PARAMETERS = 32
const SCHEME = /^OAuth[ \t]+/i
const NAME = /^[A-Za-z0-9_.~-]{1,64}$/
const PARAMETER = /^([^=\s",]+)[ \t]*=[ \t]*"([^"\\]*)"/
const SEPARATOR = /^[ \t]*,[ \t]*/

/**
 * The `Authorization: OAuth ...` header value for the `oauth_*` parameters of a signed request
 * (other parameters stay in the body or the URL). `realm` is sent empty, as LTI 1.1 outcome
 * clients do.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.5.1
 */
export function oauth1AuthorizationHeader(
  params: ReadonlyArray<readonly [string, string]>,
): string {
  const fields = params
    .filter(([name]) => name.startsWith('oauth_'))
    .map(([name, value]) => `${percentEncode(name)}="${percentEncode(value)}"`)
  return ['OAuth realm=""', ...fields].join(',')
}

/**
 * Reads the protocol parameters of an `Authorization: OAuth ...` header, percent-decoded, in
 * header order. `realm` is dropped (it is not signed, RFC 5849 §3.4.1.3.1). Strict: only
 * `name="value"` pairs separated by commas, only `oauth_*` names, each at most once.
 *
 * @throws LtiRequestInvalid `LTI11_OAUTH_HEADER_INVALID` for any other shape, a header over 8 KiB
 *   or more than 32 parameters.
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.5.1
 */
export function parseOAuth1AuthorizationHeader(header: string): Array<[string, string]> {
  if (header.length > MAX_HEADER_LENGTH) throw invalid('the header is too long')
  const scheme = SCHEME.exec(header)
  if (!scheme) throw invalid('the scheme is not "OAuth"')
  let rest = header.slice(scheme[0].length).trimEnd()
  const out: Array<[string, string]> = []
  const seen = new Set<string>()
  while (rest !== '') {
    if (seen.size >= MAX_PARAMETERS) throw invalid('too many parameters')
    const match = PARAMETER.exec(rest)
    if (!match) throw invalid('a parameter is not name="value"')
    const name = decode(match[1] ?? '')
    const raw = match[2] ?? ''
    rest = rest.slice(match[0].length)
    if (rest !== '') {
      const separator = SEPARATOR.exec(rest)
      if (!separator) throw invalid('parameters must be separated by commas')
      rest = rest.slice(separator[0].length)
      if (rest === '') throw invalid('a trailing comma')
    }
    if (seen.has(name)) throw invalid(`"${name}" appears more than once`)
    seen.add(name)
    if (name === 'realm') continue
    if (!NAME.test(name) || !name.startsWith('oauth_')) {
      throw invalid('only oauth_* parameters belong in the header')
    }
    out.push([name, decode(raw)])
  }
  return out
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    throw invalid('a value is not valid percent-encoded UTF-8')
  }
}

function invalid(reason: string): LtiRequestInvalid {
  return new LtiRequestInvalid(
    'LTI11_OAUTH_HEADER_INVALID',
    `malformed "Authorization: OAuth" header: ${reason}`,
  )
}
