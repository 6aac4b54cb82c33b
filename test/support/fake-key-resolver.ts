/**
 * A `KeyResolver` over in-memory JWKS documents, one per JWKS URL, plus a helper that makes an
 * RS256 key pair and publishes its public half: the tools' key sets in platform tests.
 */
import { exportJWK, generateKeyPair, importJWK } from 'jose'
import type { JWK } from 'jose'
import { LtiTokenInvalid } from '../../src/core/errors.js'
import type { KeyResolver } from '../../src/core/launch/validate-launch.js'
import type { SigningKey } from '../../src/core/security/key-set.js'

export class FakeKeyResolver implements KeyResolver {
  readonly keySets = new Map<string, JWK[]>()
  /** Every lookup, in order, to assert which URL and kid were asked for. */
  readonly lookups: { jwksUrl: string; kid: string; alg: string }[] = []

  async getKey(jwksUrl: string, header: { kid: string; alg: string }): Promise<CryptoKey> {
    this.lookups.push({ jwksUrl, ...header })
    const jwk = (this.keySets.get(jwksUrl) ?? []).find((k) => k.kid === header.kid)
    if (!jwk) {
      throw new LtiTokenInvalid('LTI_JWT_KID_UNKNOWN', 'no key in the key set matches "kid"')
    }
    return (await importJWK(jwk, header.alg)) as CryptoKey
  }

  /** Generates an RS256 key, publishes it at `jwksUrl` and returns its signing half. */
  async publishNewKey(jwksUrl: string, kid: string): Promise<SigningKey> {
    return this.publishKey(jwksUrl, kid, await generateKeyPair('RS256'))
  }

  /** Publishes the public half of `pair` at `jwksUrl` and returns its signing half. */
  async publishKey(
    jwksUrl: string,
    kid: string,
    pair: { publicKey: CryptoKey; privateKey: CryptoKey },
  ): Promise<SigningKey> {
    const jwk = { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' }
    this.keySets.set(jwksUrl, [...(this.keySets.get(jwksUrl) ?? []), jwk])
    return { kid, alg: 'RS256', privateKey: pair.privateKey }
  }
}
