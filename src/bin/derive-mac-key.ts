import { hkdfSync } from 'node:crypto'
import type { MacKey } from '../core/ports.js'
import { nodeMacKey } from '../web/net/node-mac-key.js'

/**
 * The MAC key of one kind of the server's own tokens (sessions, login states, message hints,
 * access tokens), derived from, never equal to, the encryption key, each under its own purpose,
 * so a token of one kind can never stand in for another.
 */
export function deriveMacKey(encryptionKey: string, purpose: string): MacKey {
  return nodeMacKey(new Uint8Array(hkdfSync('sha256', encryptionKey, 'ltikit', purpose, 32)))
}
