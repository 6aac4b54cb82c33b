import { LtiError } from '../errors.js'
import { decodeBase64Any, decodeBase64url, encodeBase64url } from '../lib/base64url.js'
import { randomBytes } from '../lib/random.js'

/**
 * Encryption at rest for private keys and other secrets. AES-256-GCM (authenticated) through
 * WebCrypto, in a compact string `v1.<keyId>.<iv>.<ciphertext>` (base64url parts).
 */
export interface SecretBox {
  /** Encrypts with the first (current) key. */
  seal(plaintext: string): Promise<string>
  /**
   * Decrypts with whichever configured key sealed the value.
   * @throws LTI_KEY_UNAVAILABLE when the key is not configured or the value was altered.
   */
  open(sealed: string): Promise<string>
}

const VERSION = 'v1'
const KEY_BYTES = 32
// 96-bit IVs are the size GCM is specified for (NIST SP 800-38D §8.2); random IVs are safe far
// beyond the number of secrets a workspace ever seals.
const IV_BYTES = 12

interface BoxKey {
  /** A short public label, so `open` picks the right key without trial decryption. */
  readonly id: string
  readonly key: CryptoKey
}

/**
 * Creates a SecretBox over one or more 32-byte keys given in base64 or base64url. The first key
 * seals; every key opens, so the master key can rotate: put the new key first, keep the old
 * ones until every stored value has been re-sealed.
 *
 * @param keys Base64/base64url encodings of 32 random bytes (see {@link generateSecretKey}).
 * @throws TypeError (`ERR_INVALID_ARG_TYPE`) when no key is given or a key is not 32 bytes.
 */
export function createSecretBox(keys: string[]): SecretBox {
  if (!Array.isArray(keys) || keys.length === 0) throw argError('"keys" must be a non-empty array')
  const raws = keys.map((encoded, index) => decodeKey(encoded, index))
  // Imported lazily but once; a rejected import would only come from a broken runtime.
  let ready: Promise<BoxKey[]> | undefined
  const boxKeys = () => (ready ??= Promise.all(raws.map(importBoxKey)))

  return {
    async seal(plaintext) {
      if (typeof plaintext !== 'string') throw argError('"plaintext" must be a string')
      const current = (await boxKeys())[0] as BoxKey
      const iv = randomBytes(IV_BYTES)
      const header = `${VERSION}.${current.id}`
      const ciphertext = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv: iv, additionalData: encode(header) },
        current.key,
        encode(plaintext),
      )
      return `${header}.${encodeBase64url(iv)}.${encodeBase64url(new Uint8Array(ciphertext))}`
    },

    async open(sealed) {
      if (typeof sealed !== 'string') throw argError('"sealed" must be a string')
      const parts = sealed.split('.')
      const [version, keyId, ivText, ciphertextText] = parts
      if (parts.length !== 4 || version !== VERSION) throw unavailable('malformed')
      const boxKey = (await boxKeys()).find((k) => k.id === keyId)
      if (!boxKey) throw unavailable('key not configured', keyId)
      const iv = decodeBase64url(ivText as string)
      const ciphertext = decodeBase64url(ciphertextText as string)
      if (!iv || iv.length !== IV_BYTES || !ciphertext) throw unavailable('malformed', keyId)
      try {
        const plaintext = await crypto.subtle.decrypt(
          {
            name: 'AES-GCM',
            iv: iv,
            // The header is authenticated too, so a value cannot be relabelled to another key.
            additionalData: encode(`${VERSION}.${keyId}`),
          },
          boxKey.key,
          ciphertext,
        )
        return new TextDecoder('utf-8', { fatal: true }).decode(plaintext)
      } catch {
        throw unavailable('authentication failed', keyId)
      }
    },
  }
}

/** A fresh random 32-byte key, base64url, for `LTIKIT_ENCRYPTION_KEY`. */
export function generateSecretKey(): string {
  return encodeBase64url(randomBytes(KEY_BYTES))
}

function decodeKey(encoded: unknown, index: number): Uint8Array<ArrayBuffer> {
  const raw = typeof encoded === 'string' ? decodeBase64Any(encoded) : undefined
  if (!raw || raw.length !== KEY_BYTES) {
    throw argError(`"keys[${index}]" must be ${KEY_BYTES} bytes in base64 or base64url`)
  }
  return raw
}

async function importBoxKey(raw: Uint8Array<ArrayBuffer>): Promise<BoxKey> {
  // The id is a domain-separated SHA-256 of the key cut to 48 bits: enough to tell a handful
  // of configured keys apart, and a one-way function, so it reveals nothing usable.
  const label = encode('ltikit/secret-box/key-id\0')
  const input = new Uint8Array(label.length + raw.length)
  input.set(label)
  input.set(raw, label.length)
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', input))
  const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt'])
  return { id: encodeBase64url(digest.subarray(0, 6)), key }
}

function encode(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text)
}

function unavailable(reason: string, keyId?: string): LtiError {
  return new LtiError('LTI_KEY_UNAVAILABLE', `sealed secret cannot be opened: ${reason}`, {
    cause: keyId === undefined ? { reason } : { reason, keyId },
  })
}

function argError(message: string): TypeError {
  return Object.assign(new TypeError(message), { code: 'ERR_INVALID_ARG_TYPE' })
}
