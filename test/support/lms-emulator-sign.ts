/**
 * Signs id_tokens the way a platform does, and in the broken ways a hostile or buggy one does.
 * Tokens are assembled by hand (not with jose's SignJWT) so a test can put any `alg` or `kid` in
 * the header, whatever key actually signs.
 */
import { createHmac, randomUUID } from 'node:crypto'
import { exportJWK, exportSPKI, generateKeyPair, type JWK } from 'jose'
import type { IdTokenClaims } from './lms-emulator-claims.js'

/**
 * How the emulator signs an id_token.
 * - `valid`: RS256 with the key published in the JWKS, `kid` set.
 * - `none`: `alg: none`, empty signature.
 * - `hs256-public-key`: HS256 keyed with the PEM of the public key (algorithm confusion).
 * - `wrong-key`: RS256 by another private key, under the published `kid`.
 * - `no-kid`: RS256 with the published key, no `kid` in the header.
 * - `unknown-kid`: RS256 with the published key, a `kid` the JWKS does not list.
 * - `garbage`: not a JWT at all.
 */
export type SignMode =
  'valid' | 'none' | 'hs256-public-key' | 'wrong-key' | 'no-kid' | 'unknown-kid' | 'garbage'

/** A JOSE protected header. */
export type JwtHeader = Record<string, unknown>

/** Options of {@link IdTokenSigner.signIdToken}. */
export interface SignOptions {
  sign?: SignMode
  /** Mutates or replaces the protected header, after the sign mode has built it. */
  header?: (header: JwtHeader) => JwtHeader | void
}

/** The emulator's key pair and the function that signs with it. */
export interface IdTokenSigner {
  readonly kid: string
  /** The public key as published in the JWKS (`kid`, `alg`, `use` set). */
  readonly publicJwk: JWK
  signIdToken(claims: IdTokenClaims, options?: SignOptions): Promise<string>
}

const encoder = new TextEncoder()
const segment = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')

async function rs256(key: CryptoKey, input: string): Promise<string> {
  const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, encoder.encode(input))
  return Buffer.from(signature).toString('base64url')
}

/**
 * Generates an RS256 key pair and returns a signer for it. The private key stays a cached
 * `CryptoKey`, so signing costs one RSA operation.
 *
 * @param kid - The key id to publish; random when omitted.
 */
export async function createIdTokenSigner(kid: string = randomUUID()): Promise<IdTokenSigner> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true })
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }
  const publicPem = await exportSPKI(publicKey)
  let otherKey: CryptoKey | undefined

  async function signIdToken(claims: IdTokenClaims, options: SignOptions = {}): Promise<string> {
    const mode = options.sign ?? 'valid'
    if (mode === 'garbage') return 'this-is-not.a-jwt'
    const base: JwtHeader = { alg: 'RS256', typ: 'JWT', kid }
    if (mode === 'no-kid') delete base.kid
    if (mode === 'unknown-kid') base.kid = `unknown-${randomUUID()}`
    if (mode === 'none') base.alg = 'none'
    if (mode === 'hs256-public-key') base.alg = 'HS256'
    const header = options.header?.(base) ?? base
    const input = `${segment(header)}.${segment(claims)}`
    switch (mode) {
      case 'none':
        return `${input}.`
      case 'hs256-public-key':
        return `${input}.${createHmac('sha256', publicPem).update(input).digest('base64url')}`
      case 'wrong-key':
        otherKey ??= (await generateKeyPair('RS256')).privateKey
        return `${input}.${await rs256(otherKey, input)}`
      default:
        return `${input}.${await rs256(privateKey, input)}`
    }
  }

  return { kid, publicJwk, signIdToken }
}
