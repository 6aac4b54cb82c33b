/** In-memory implementations of the core ports, for unit tests of flows. */
import type { NonceStore, Registration, RegistrationStore } from '../../src/core/ports.js'

export class MemoryNonces implements NonceStore {
  readonly used = new Map<string, number>()

  async consumeNonce(nonce: string, expiresAt: number): Promise<boolean> {
    if (this.used.has(nonce)) return false
    this.used.set(nonce, expiresAt)
    return true
  }

  async isNonceConsumed(nonce: string): Promise<boolean> {
    return this.used.has(nonce)
  }
}

export class MemoryRegistrations implements RegistrationStore {
  constructor(readonly registrations: Registration[]) {}

  async findRegistration(issuer: string, clientId: string) {
    return this.registrations.find((r) => r.issuer === issuer && r.clientId === clientId)
  }

  async listRegistrationsByIssuer(issuer: string) {
    return this.registrations.filter((r) => r.issuer === issuer)
  }
}
