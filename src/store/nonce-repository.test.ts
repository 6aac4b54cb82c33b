import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countQueries, DIALECTS, openTestDatabase } from '../../test/support/databases.js'
import type { TestDatabase } from '../../test/support/databases.js'
import { openDatabase } from './database.js'
import { nonceRepository } from './nonce-repository.js'
import type { NonceRepository } from './nonce-repository.js'

const NOW = 1_790_000_000_000

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    let nonces: NonceRepository
    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      nonces = nonceRepository(database.db)
    })
    afterAll(() => database?.close())

    it('consumes a nonce once, in one statement', async () => {
      const nonce = randomUUID()
      const counter = countQueries(database.db)
      expect(await nonceRepository(counter.db).consumeNonce(nonce, NOW)).toBe(true)
      expect(counter.count()).toBe(1)
      expect(await nonces.isNonceConsumed(nonce)).toBe(true)
      expect(await nonces.consumeNonce(nonce, NOW)).toBe(false)
      expect(await nonces.isNonceConsumed(randomUUID())).toBe(false)
    })

    it('lets exactly one of 20 concurrent consumers on two instances win', async () => {
      const second = openDatabase(database.url)
      try {
        const instances = [nonces, nonceRepository(second.db)]
        const nonce = randomUUID()
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => instances[i % 2]!.consumeNonce(nonce, NOW)),
        )
        expect(results.filter(Boolean)).toHaveLength(1)
      } finally {
        await second.close()
      }
    })

    it('forgets only nonces that expired before the cut-off', async () => {
      const old = randomUUID()
      const recent = randomUUID()
      await nonces.consumeNonce(old, NOW - 10)
      await nonces.consumeNonce(recent, NOW + 10)
      expect(await nonces.deleteExpired(NOW)).toBeGreaterThanOrEqual(1)
      expect(await nonces.isNonceConsumed(old)).toBe(false)
      expect(await nonces.isNonceConsumed(recent)).toBe(true)
    })
  })
}
