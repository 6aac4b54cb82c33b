/**
 * Password hashing for platform sign-in: scrypt (RFC 7914) from `node:crypto`, a random salt per
 * password, the cost parameters stored with the hash so they can be raised later without
 * invalidating older hashes.
 *
 * Encoded form: `scrypt$<log2 N>$<r>$<p>$<salt b64url>$<hash b64url>`.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

export interface ScryptCost {
  /** log2 of the CPU/memory cost N. */
  readonly log2N: number
  readonly r: number
  readonly p: number
}

/**
 * N = 2^14, r = 8, p = 5: one of the equivalent minimums of the OWASP Password Storage Cheat
 * Sheet for scrypt; 16 MiB and about 0.2 s of one libuv worker thread per hash (off the event
 * loop, since `scrypt` is asynchronous).
 */
export const DEFAULT_SCRYPT_COST: ScryptCost = { log2N: 14, r: 8, p: 5 }

/** Longer inputs are refused before hashing: scrypt's cost does not grow with them, the parse does. */
export const MAX_PASSWORD_LENGTH = 1024

const SALT_BYTES = 16
const HASH_BYTES = 32
// Bounds on stored parameters, so a tampered row cannot make one sign-in burn gigabytes.
const MAX_LOG2N = 20
const MAX_R = 32
const MAX_P = 16

/**
 * Hashes a password for storage.
 * @throws TypeError (`ERR_INVALID_ARG_TYPE`) when `password` is not a string of at most
 *   {@link MAX_PASSWORD_LENGTH} characters, or the cost is out of bounds.
 */
export async function hashPassword(
  password: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<string> {
  checkPassword(password)
  if (!validCost(cost)) throw argError('"cost" is out of bounds')
  const salt = randomBytes(SALT_BYTES)
  const hash = await derive(password, salt, cost)
  return ['scrypt', cost.log2N, cost.r, cost.p, b64(salt), b64(hash)].join('$')
}

/**
 * Checks a password against a stored hash in constant time. A malformed stored hash verifies
 * nothing (`false`), it never throws, so a bad row cannot turn into a 500 on the sign-in form.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  if (typeof password !== 'string' || password.length > MAX_PASSWORD_LENGTH) return false
  const parsed = parse(encoded)
  if (!parsed) return false
  const actual = await derive(password, parsed.salt, parsed.cost, parsed.hash.length)
  return actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash)
}

let dummyHash: Promise<string> | undefined

/**
 * Spends the time of one verification and returns `false`: call it when no user has the
 * e-mail address given, so the sign-in form's timing does not reveal which addresses exist.
 */
export async function verifyPasswordOfUnknownUser(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(SALT_BYTES).toString('base64url'))
  await verifyPassword(typeof password === 'string' ? password : '', await dummyHash)
  return false
}

function derive(password: string, salt: Buffer, cost: ScryptCost, length = HASH_BYTES) {
  const N = 2 ** cost.log2N
  // NIST SP 800-63B §5.1.1.2: normalise Unicode so the same password typed on another
  // keyboard or OS (composed vs decomposed accents) still matches.
  const input = password.normalize('NFKC')
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(
      input,
      salt,
      length,
      { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    )
  })
}

function parse(encoded: unknown): { cost: ScryptCost; salt: Buffer; hash: Buffer } | undefined {
  if (typeof encoded !== 'string' || encoded.length > 512) return undefined
  const parts = encoded.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined
  const [log2N, r, p] = parts.slice(1, 4).map((v) => (/^\d{1,3}$/.test(v ?? '') ? Number(v) : NaN))
  const cost = { log2N: log2N as number, r: r as number, p: p as number }
  if (!validCost(cost)) return undefined
  const salt = Buffer.from(parts[4] as string, 'base64url')
  const hash = Buffer.from(parts[5] as string, 'base64url')
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return undefined
  return { cost, salt, hash }
}

function validCost({ log2N, r, p }: ScryptCost): boolean {
  const int = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max
  return int(log2N, 1, MAX_LOG2N) && int(r, 1, MAX_R) && int(p, 1, MAX_P)
}

function checkPassword(password: unknown): void {
  if (typeof password !== 'string' || password.length > MAX_PASSWORD_LENGTH) {
    throw argError(`"password" must be a string of at most ${MAX_PASSWORD_LENGTH} characters`)
  }
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64url')
}

function argError(message: string): TypeError {
  return Object.assign(new TypeError(message), { code: 'ERR_INVALID_ARG_TYPE' })
}
