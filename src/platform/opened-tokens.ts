/**
 * `openToken` with a memory of the tokens this process has already opened: a tool sends the same
 * access token with every score for an hour, a browser the same session cookie with every page.
 * Opening one again (a MAC, a base64 decode, a JSON parse) gives the same payload, so the payload
 * is kept instead. Only authentic tokens are remembered, per key and purpose, and callers still
 * check the payload's expiry on every use.
 */
import type { MacKey } from '../core/ports.js'
import { openToken } from '../core/security/sealed-token.js'

/** Tokens remembered per key: the most recent ones, enough for every active tool or session. */
export const MAX_OPENED_TOKENS = 2_000

const remembered = new WeakMap<MacKey, Map<string, Record<string, unknown>>>()

/**
 * What `openToken(purpose, token, key)` answers, from memory when this process opened the same
 * token for the same purpose under the same key before. Payloads are shared: treat them as
 * read-only.
 *
 * A lookup is not constant-time as the MAC check is; it only ever hits for a token that was
 * authentic already, so its timing tells nothing about how to forge one.
 */
export async function openTokenRemembered(
  purpose: string,
  token: string,
  key: MacKey,
): Promise<Record<string, unknown> | undefined> {
  let opened = remembered.get(key)
  // A purpose never holds a newline, so no two (purpose, token) pairs share an entry.
  const entry = `${purpose}\n${token}`
  const known = opened?.get(entry)
  if (known) return known
  const payload = await openToken(purpose, token, key)
  if (!payload) return undefined
  if (!opened) remembered.set(key, (opened = new Map()))
  // Oldest out first: a Map iterates in insertion order.
  if (opened.size >= MAX_OPENED_TOKENS) opened.delete(opened.keys().next().value as string)
  opened.set(entry, payload)
  return payload
}
