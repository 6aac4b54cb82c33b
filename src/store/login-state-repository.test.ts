import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countQueries, DIALECTS, openTestDatabase } from '../../test/support/databases.js'
import type { TestDatabase } from '../../test/support/databases.js'
import type { LoginState } from '../core/ports.js'
import { openDatabase } from './database.js'
import { loginStateRepository } from './login-state-repository.js'
import type { LoginStateRepository } from './login-state-repository.js'

const NOW = 1_790_000_000_000

const loginState = (overrides: Partial<LoginState> = {}): LoginState => ({
  state: randomUUID(),
  nonce: randomUUID(),
  workspaceId: 'ws-1',
  registrationId: 'reg-1',
  targetLinkUri: 'https://tool.example/launch/scenario-1',
  expiresAt: NOW + 300_000,
  ...overrides,
})

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    let loginStates: LoginStateRepository
    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      loginStates = loginStateRepository(database.db)
    })
    afterAll(() => database?.close())

    it('consumes a saved login state once, in one statement', async () => {
      const saved = loginState()
      await loginStates.saveLoginState(saved)
      const counter = countQueries(database.db)
      const result = await loginStateRepository(counter.db).consumeLoginState(saved.state, NOW)
      expect(result).toEqual({ status: 'consumed', loginState: saved })
      expect(counter.count()).toBe(1)
      expect(await loginStates.consumeLoginState(saved.state, NOW + 1)).toEqual({
        status: 'replayed',
      })
    })

    it('tells an unknown state from an expired one', async () => {
      expect(await loginStates.consumeLoginState('never-saved', NOW)).toEqual({ status: 'unknown' })
      const saved = loginState({ expiresAt: NOW })
      await loginStates.saveLoginState(saved)
      // Expiry is exclusive: at expiresAt the state is already expired.
      expect(await loginStates.consumeLoginState(saved.state, NOW)).toEqual({ status: 'expired' })
      expect(await loginStates.consumeLoginState(saved.state, NOW - 1)).toMatchObject({
        status: 'consumed',
      })
    })

    it('reports a replay of a consumed state even after it expired', async () => {
      const saved = loginState()
      await loginStates.saveLoginState(saved)
      await loginStates.consumeLoginState(saved.state, NOW)
      expect(await loginStates.consumeLoginState(saved.state, saved.expiresAt + 1)).toEqual({
        status: 'replayed',
      })
    })

    it('lets exactly one of 20 concurrent consumers on two instances win', async () => {
      const second = openDatabase(database.url)
      try {
        const instances = [loginStates, loginStateRepository(second.db)]
        const saved = loginState()
        await loginStates.saveLoginState(saved)
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            instances[i % 2]!.consumeLoginState(saved.state, NOW),
          ),
        )
        const statuses = results.map((r) => r.status)
        expect(statuses.filter((s) => s === 'consumed')).toHaveLength(1)
        expect(statuses.filter((s) => s === 'replayed')).toHaveLength(19)
      } finally {
        await second.close()
      }
    })

    it('rejects a second login state with the same state or nonce', async () => {
      const saved = loginState()
      await loginStates.saveLoginState(saved)
      await expect(loginStates.saveLoginState(loginState({ state: saved.state }))).rejects.toThrow()
      await expect(loginStates.saveLoginState(loginState({ nonce: saved.nonce }))).rejects.toThrow()
    })

    it('knows a nonce is consumed only once its login state is', async () => {
      const saved = loginState()
      await loginStates.saveLoginState(saved)
      expect(await loginStates.isNonceConsumed(saved.nonce)).toBe(false)
      await loginStates.consumeLoginState(saved.state, NOW)
      expect(await loginStates.isNonceConsumed(saved.nonce)).toBe(true)
      expect(await loginStates.isNonceConsumed('unknown-nonce')).toBe(false)
    })

    it('deletes login states that expired before a time, used or not', async () => {
      const old = NOW - 10_000_000
      const unused = loginState({ expiresAt: old })
      const used = loginState({ expiresAt: old + 1 })
      const live = loginState({ expiresAt: NOW + 1 })
      for (const s of [unused, used, live]) await loginStates.saveLoginState(s)
      await loginStates.consumeLoginState(used.state, old)
      expect(await loginStates.deleteExpired(old + 2)).toBe(2)
      expect(await loginStates.consumeLoginState(unused.state, old - 1)).toEqual({
        status: 'unknown',
      })
      expect(await loginStates.consumeLoginState(live.state, NOW)).toMatchObject({
        status: 'consumed',
      })
    })
  })
}
