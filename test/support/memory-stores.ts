/** In-memory implementations of the core ports, for unit tests of flows. */
import type {
  ConsumeLoginStateResult,
  LoginState,
  LoginStateStore,
  Registration,
  RegistrationStore,
} from '../../src/core/ports.js'

export class MemoryLoginStates implements LoginStateStore {
  readonly rows = new Map<string, LoginState & { consumedAt?: number }>()

  async saveLoginState(loginState: LoginState): Promise<void> {
    this.rows.set(loginState.state, { ...loginState })
  }

  async consumeLoginState(state: string, now: number): Promise<ConsumeLoginStateResult> {
    const row = this.rows.get(state)
    if (!row) return { status: 'unknown' }
    if (row.consumedAt !== undefined) return { status: 'replayed' }
    if (row.expiresAt <= now) return { status: 'expired' }
    row.consumedAt = now
    const { consumedAt: _, ...loginState } = row
    return { status: 'consumed', loginState }
  }

  async isNonceConsumed(nonce: string): Promise<boolean> {
    return [...this.rows.values()].some((r) => r.nonce === nonce && r.consumedAt !== undefined)
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
