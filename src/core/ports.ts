/**
 * The interfaces the core needs from its host. Core never reaches a database, a clock or the
 * network by itself: each is passed in through one of these small structural ports.
 */

/** A `fetch` with the Web signature; pass a guarded one in production (see `security/url-policy`). */
export type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>

/** Milliseconds since the epoch. Tests inject a fixed clock. */
export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

/**
 * A platform as one tool workspace knows it: the pair (issuer, client_id) plus its deployments.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#tool-deployment
 */
export interface Registration {
  readonly id: string
  readonly workspaceId: string
  readonly name: string
  readonly issuer: string
  readonly clientId: string
  readonly deploymentIds: readonly string[]
  readonly authenticationRequestUrl: string
  readonly accessTokenUrl: string
  readonly jwksUrl: string
  readonly createdAt: number
}

/** Finds the registrations of one tool workspace. */
export interface RegistrationStore {
  findRegistration(issuer: string, clientId: string): Promise<Registration | undefined>
  /** Every registration of an issuer: a login without client_id picks among these. */
  listRegistrationsByIssuer(issuer: string): Promise<Registration[]>
}

/**
 * Used nonces, shared by every instance: what makes a login state single-use
 * (Security Framework §5.1.3 step 9). A nonce is kept until its login state has expired.
 */
export interface NonceStore {
  /** Records the nonce as used; `false` when it was used before. Atomic across instances. */
  consumeNonce(nonce: string, expiresAt: number): Promise<boolean>
  /** True when the nonce was already used (to name a replay on the error path). */
  isNonceConsumed(nonce: string): Promise<boolean>
}

/**
 * One key of a key set. `next` keys are published before they sign; `retired` keys stay
 * published until tokens they signed have expired.
 */
export interface StoredKey {
  readonly kid: string
  readonly ownerId: string
  readonly alg: 'RS256'
  readonly status: 'next' | 'active' | 'retired'
  readonly publicJwk: JsonWebKey
  /** The private JWK, encrypted at rest (see `security/secret-box`). */
  readonly encryptedPrivateJwk: string
  readonly createdAt: number
  readonly activatedAt?: number
  readonly retiredAt?: number
}

export interface KeyStore {
  listKeys(ownerId: string): Promise<StoredKey[]>
  insertKey(key: StoredKey): Promise<void>
  /** Moves keys between states in one transaction: the rotation is all or nothing. */
  updateKeyStatuses(
    ownerId: string,
    changes: readonly { kid: string; status: StoredKey['status']; at: number }[],
  ): Promise<void>
  /** Drops retired keys retired before `before` (no token they signed can still be valid). */
  deleteRetiredKeys(ownerId: string, before: number): Promise<number>
}

/**
 * The MAC of the tool's own short-lived tokens (login state, learner session). Core ships a
 * WebCrypto implementation; a Node server passes a synchronous `node:crypto` one, which costs a
 * fifth as much per token.
 */
export interface MacKey {
  /** The base64url MAC of `data`. */
  mac(data: string): string | Promise<string>
  /** Constant-time check of a base64url MAC. */
  verify(data: string, mac: string): boolean | Promise<boolean>
}
