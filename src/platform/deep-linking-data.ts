/**
 * The `data` value of this platform's deep linking requests. DL 2.0 §4.4.1 has the tool echo it
 * unchanged, so the platform keeps its request state there instead of in a table: sealed (a
 * tool cannot change the context or user it names), bound to one tool, and valid for an hour,
 * time enough for an instructor to browse the tool's catalogue.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-settings
 */
import type { Clock, MacKey } from '../core/ports.js'
import { openToken, sealToken } from '../core/security/sealed-token.js'

export const DEEP_LINKING_DATA_TTL_SECONDS = 3600

// Its own purpose: a message hint or access token never opens as deep linking data.
const PURPOSE = 'platform-deep-linking-data-v1'

export interface DeepLinkingDataSubject {
  readonly contextId: string
  readonly toolId: string
  /** The instructor the request was issued for. */
  readonly userId: string
  /** What the request's `accept_lineitem` said. */
  readonly acceptLineItem: boolean
}

export type DeepLinkingData = DeepLinkingDataSubject & { readonly expiresAt: number }

export async function sealDeepLinkingData(
  subject: DeepLinkingDataSubject,
  options: { key: MacKey; clock: Clock; ttlSeconds?: number },
): Promise<string> {
  const ttl = options.ttlSeconds ?? DEEP_LINKING_DATA_TTL_SECONDS
  const exp = Math.floor(options.clock.now() / 1000) + ttl
  const { contextId, toolId, userId, acceptLineItem } = subject
  return sealToken(
    PURPOSE,
    { cid: contextId, tid: toolId, uid: userId, li: acceptLineItem, exp },
    options.key,
  )
}

/** The sealed subject, or why it cannot be used: altered/foreign (`invalid`) or `expired`. */
export async function openDeepLinkingData(
  data: string,
  options: { key: MacKey; clock: Clock },
): Promise<DeepLinkingData | 'invalid' | 'expired'> {
  const payload = await openToken(PURPOSE, data, options.key)
  if (!payload) return 'invalid'
  const { cid, tid, uid, li, exp } = payload
  if (
    typeof cid !== 'string' ||
    typeof tid !== 'string' ||
    typeof uid !== 'string' ||
    typeof li !== 'boolean' ||
    typeof exp !== 'number'
  ) {
    return 'invalid'
  }
  if (exp <= Math.floor(options.clock.now() / 1000)) return 'expired'
  return { contextId: cid, toolId: tid, userId: uid, acceptLineItem: li, expiresAt: exp }
}
