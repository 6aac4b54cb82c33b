import { describe, expect, it } from 'vitest'
import { createSecretBox, generateSecretKey } from './secret-box.js'

// Bytes 0x00..0x1f. The sealed value below was produced by this module and checked with
// node:crypto (AES-256-GCM, AAD "v1.bOtbLIqc", tag appended): it pins the stored format, so
// secrets sealed by earlier releases stay readable.
const KEY_URL = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8'
const KEY_STD = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='
const SEALED =
  'v1.bOtbLIqc.e5e5U3DHQKQa6SWS.BT_K2PjmLkRfzZ6OvzM8Hg_fmcKpSh8n3pLVDfejlCDGuf_-1jHg4R81xOf54YMa7FE0iN9sbxE'
const PLAINTEXT = '{"kty":"RSA","note":"regression vector"}'

const unavailable = expect.objectContaining({ code: 'LTI_KEY_UNAVAILABLE' })

/** Flips one bit of the character at `index` inside base64url part `part`. */
function tamper(sealed: string, part: number, index = 0): string {
  const parts = sealed.split('.')
  const text = parts[part] as string
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  const swapped = alphabet[alphabet.indexOf(text[index] as string) ^ 1]
  parts[part] = text.slice(0, index) + swapped + text.slice(index + 1)
  return parts.join('.')
}

describe('createSecretBox', () => {
  it('opens the known vector, with the key in either base64 alphabet', async () => {
    expect(await createSecretBox([KEY_URL]).open(SEALED)).toBe(PLAINTEXT)
    expect(await createSecretBox([KEY_STD]).open(SEALED)).toBe(PLAINTEXT)
  })

  it('round-trips and seals to the compact v1 form', async () => {
    const box = createSecretBox([generateSecretKey()])
    const text = 'private JWK ✓ ' + 'x'.repeat(5000)
    const sealed = await box.seal(text)
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/)
    expect(sealed).not.toContain('private JWK')
    expect(await box.open(sealed)).toBe(text)
    expect(await box.open(await box.seal(''))).toBe('')
  })

  it('uses a fresh IV for every seal', async () => {
    const box = createSecretBox([KEY_URL])
    const a = await box.seal('same')
    const b = await box.seal('same')
    expect(a).not.toBe(b)
    expect(a.split('.')[2]).not.toBe(b.split('.')[2])
  })

  it.each([
    ['ciphertext', 3, 0],
    ['ciphertext tag', 3, -1],
    ['IV', 2, 0],
  ])('refuses a tampered %s', async (_name, part, index) => {
    const at = index < 0 ? (SEALED.split('.')[part] as string).length - 2 : index
    await expect(createSecretBox([KEY_URL]).open(tamper(SEALED, part, at))).rejects.toEqual(
      unavailable,
    )
  })

  it('refuses a value relabelled to another configured key', async () => {
    const other = generateSecretKey()
    const box = createSecretBox([other, KEY_URL])
    const otherId = (await box.seal('x')).split('.')[1] as string
    const relabelled = SEALED.replace('.bOtbLIqc.', `.${otherId}.`)
    await expect(box.open(relabelled)).rejects.toEqual(unavailable)
  })

  it('opens values sealed with an older key after the master key rotates', async () => {
    const oldKey = generateSecretKey()
    const newKey = generateSecretKey()
    const sealedBefore = await createSecretBox([oldKey]).seal('secret')
    const rotated = createSecretBox([newKey, oldKey])
    expect(await rotated.open(sealedBefore)).toBe('secret')
    const sealedAfter = await rotated.seal('secret')
    expect(sealedAfter.split('.')[1]).not.toBe(sealedBefore.split('.')[1])
    expect(await createSecretBox([newKey]).open(sealedAfter)).toBe('secret')
    // Once the old key is dropped, what it sealed is unreadable: re-seal before dropping it.
    await expect(createSecretBox([newKey]).open(sealedBefore)).rejects.toEqual(unavailable)
  })

  it('refuses a value sealed under an unknown key', async () => {
    await expect(createSecretBox([generateSecretKey()]).open(SEALED)).rejects.toMatchObject({
      code: 'LTI_KEY_UNAVAILABLE',
      cause: { keyId: 'bOtbLIqc' },
    })
  })

  it.each(['', 'v1', 'v2.bOtbLIqc.e5e5U3DHQKQa6SWS.BT_K', 'v1.bOtbLIqc.short.BT_K', `${SEALED}.x`])(
    'refuses malformed %j',
    async (value) => {
      await expect(createSecretBox([KEY_URL]).open(value)).rejects.toEqual(unavailable)
    },
  )

  it('never puts the plaintext or key in its errors', async () => {
    const error = await createSecretBox([KEY_URL])
      .open(tamper(SEALED, 3))
      .catch((e: unknown) => e)
    expect(JSON.stringify({ e: String(error), cause: (error as Error).cause })).not.toMatch(
      /regression|AAECAwQF/,
    )
  })

  it.each([[[]], [['']], [['c2hvcnQ']], [[KEY_URL + 'AAAA']], [['not base64!']]])(
    'refuses key list %j',
    (keys) => {
      expect(() => createSecretBox(keys)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
      )
    },
  )
})

describe('generateSecretKey', () => {
  it('returns 32 random bytes in base64url', () => {
    const key = generateSecretKey()
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(generateSecretKey()).not.toBe(key)
  })
})
