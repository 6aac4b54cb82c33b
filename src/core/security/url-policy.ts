import { LtiRequestInvalid } from '../errors.js'

/**
 * Which URLs ltikit accepts in configuration and which addresses it will connect to. Pure
 * string and number work, no DNS: `web/net/guarded-fetch` applies `isForbiddenAddress` to what
 * the resolver returns, at connect time.
 */

export interface UrlPolicyOptions {
  /** Dev mode: plain http is allowed to loopback hosts, and loopback addresses are reachable. */
  readonly dev: boolean
}

/**
 * Parses a configured URL (JWKS URL, OIDC endpoint, token endpoint, launch URL) and refuses the
 * ones we must not send tokens to.
 *
 * @param value The URL as configured.
 * @returns The parsed URL.
 * @throws LTI_REQUEST_INVALID when it is not an absolute URL or carries a fragment.
 * @throws LTI_URL_INSECURE when it is not https (http to loopback in dev mode excepted) or
 *   embeds credentials.
 * @see https://www.imsglobal.org/spec/security/v1p0/#transport-security
 */
export function checkConfiguredUrl(value: string, options: UrlPolicyOptions): URL {
  if (typeof value !== 'string') {
    throw Object.assign(new TypeError('"value" must be a string'), { code: 'ERR_INVALID_ARG_TYPE' })
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new LtiRequestInvalid('LTI_REQUEST_INVALID', 'not an absolute URL', {
      cause: { reason: 'unparsable' },
    })
  }
  // Any '#' starts a fragment, even an empty one that `url.hash` reports as ''. Fragments never
  // reach a server and are forbidden in OAuth redirect URIs (RFC 6749 §3.1.2).
  if (value.includes('#')) {
    throw new LtiRequestInvalid('LTI_REQUEST_INVALID', 'URL must not have a fragment', {
      cause: { reason: 'fragment' },
    })
  }
  // The value itself stays out of `cause`: it is the thing that might hold a secret.
  if (url.username !== '' || url.password !== '') {
    throw new LtiRequestInvalid('LTI_URL_INSECURE', 'URL must not embed credentials', {
      cause: { reason: 'credentials', hostname: url.hostname },
    })
  }
  if (url.protocol === 'https:') return url
  const facts = { protocol: url.protocol, hostname: url.hostname }
  if (url.protocol !== 'http:') {
    throw new LtiRequestInvalid('LTI_URL_INSECURE', 'URL must use https', { cause: facts })
  }
  // Security Framework §3: TLS everywhere; dev mode relaxes it for this machine only.
  if (!options.dev || !isLoopbackHost(url.hostname)) {
    throw new LtiRequestInvalid('LTI_URL_INSECURE', 'URL must use https', {
      cause: { ...facts, dev: options.dev },
    })
  }
  return url
}

/** `localhost`, `*.localhost` (RFC 6761 §6.3), 127.0.0.0/8 and `[::1]`, as `URL.hostname` has them. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (host === '[::1]') return true
  const v4 = parseIpv4(host)
  return v4 !== undefined && v4 >>> 24 === 127
}

// [base, prefix length]; everything a public LMS cannot legitimately live on (RFC 6890 registry).
const FORBIDDEN_V4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network", includes the unspecified address
  ['10.0.0.0', 8], // private (RFC 1918)
  ['100.64.0.0', 10], // carrier-grade NAT (RFC 6598)
  ['169.254.0.0', 16], // link-local: cloud metadata endpoints live here
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes broadcast 255.255.255.255
]
const LOOPBACK_V4 = ['127.0.0.0', 8] as const

/**
 * True when ltikit must not connect to this address (server-side request forgery protection).
 * Loopback is reachable in dev mode only; private, link-local, shared, multicast and reserved
 * ranges never are. IPv4 embedded in IPv6 (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`,
 * 6to4 `2002::/16`) is judged by the IPv4 address. Anything that does not parse is forbidden.
 *
 * @param ip An IPv4 or IPv6 literal; brackets and an IPv6 zone (`%eth0`) are tolerated.
 */
export function isForbiddenAddress(ip: string, options: UrlPolicyOptions): boolean {
  const bare = ip.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '')
  const v4 = parseIpv4(bare)
  if (v4 !== undefined) return isForbiddenV4(v4, options)
  const v6 = parseIpv6(bare)
  if (v6 === undefined) return true
  return isForbiddenV6(v6, options)
}

function isForbiddenV4(address: number, options: UrlPolicyOptions): boolean {
  if (inV4(address, LOOPBACK_V4)) return !options.dev
  return FORBIDDEN_V4.some((range) => inV4(address, range))
}

function inV4(address: number, [base, bits]: readonly [string, number]): boolean {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
  return (address & mask) >>> 0 === ((parseIpv4(base) as number) & mask) >>> 0
}

function isForbiddenV6(h: readonly number[], options: UrlPolicyOptions): boolean {
  const [h0 = 0, h1 = 0, h2 = 0, h3 = 0, h4 = 0, h5 = 0, h6 = 0, h7 = 0] = h
  const embedded = ((h6 << 16) | h7) >>> 0
  const zeroTo = (n: number) => h.slice(0, n).every((x) => x === 0)
  if (zeroTo(7) && h7 === 1) return !options.dev // ::1
  if (zeroTo(5) && h5 === 0xffff) return isForbiddenV4(embedded, options) // ::ffff:0:0/96
  if (h0 === 0x64 && h1 === 0xff9b) {
    // NAT64 well-known prefix 64:ff9b::/96 (RFC 6052) reaches the embedded IPv4 address; the
    // rest of 64:ff9b::/32 (local-use 64:ff9b:1::/48, RFC 8215) is site-specific.
    return h2 === 0 && h3 === 0 && h4 === 0 && h5 === 0 ? isForbiddenV4(embedded, options) : true
  }
  if (h0 === 0x2002) return isForbiddenV4(((h1 << 16) | h2) >>> 0, options) // 6to4 (RFC 3056)
  if (zeroTo(6)) return true // ::, and the deprecated IPv4-compatible ::a.b.c.d
  if (h0 === 0x100 && h1 === 0 && h2 === 0 && h3 === 0) return true // discard-only (RFC 6666)
  if (h0 === 0x2001 && h1 === 0xdb8) return true // documentation (RFC 3849)
  if (h0 === 0x2001 && h1 === 0) return true // Teredo: the real peer is hidden (RFC 4380)
  if ((h0 & 0xfe00) === 0xfc00) return true // unique local fc00::/7
  if ((h0 & 0xffc0) === 0xfe80) return true // link-local fe80::/10
  if ((h0 & 0xffc0) === 0xfec0) return true // deprecated site-local fec0::/10
  if ((h0 & 0xff00) === 0xff00) return true // multicast ff00::/8
  return false
}

/** Strict dotted quad (what resolvers and `URL` produce); returns the 32-bit value. */
function parseIpv4(text: string): number | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  let value = 0
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return undefined
    value = value * 256 + Number(part)
  }
  return value
}

/** Eight 16-bit groups, with `::` compression and a dotted-quad tail. */
function parseIpv6(text: string): number[] | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined
  let head = text
  const tail: number[] = []
  const lastColon = text.lastIndexOf(':')
  if (text.includes('.')) {
    const v4 = parseIpv4(text.slice(lastColon + 1))
    if (v4 === undefined || lastColon < 0) return undefined
    tail.push(v4 >>> 16, v4 & 0xffff)
    head = text.slice(0, lastColon + 1)
    // 'a::1.2.3.4' leaves 'a::'; 'a:b:1.2.3.4' leaves 'a:b:' whose trailing ':' we drop.
    if (!head.endsWith('::')) head = head.slice(0, -1)
  }
  const halves = head.split('::')
  if (halves.length > 2) return undefined
  const parse = (part: string) => (part === '' ? [] : part.split(':'))
  const groups = halves.map(parse)
  const hex: number[][] = []
  for (const list of groups) {
    const values: number[] = []
    for (const g of list) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined
      values.push(parseInt(g, 16))
    }
    hex.push(values)
  }
  const [left = [], right = []] = hex
  const known = left.length + right.length + tail.length
  if (halves.length === 1) return known === 8 ? [...left, ...tail] : undefined
  if (known > 7) return undefined
  return [...left, ...new Array<number>(8 - known).fill(0), ...right, ...tail]
}
