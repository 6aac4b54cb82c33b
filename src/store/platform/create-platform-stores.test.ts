import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS, openTestDatabase } from '../../../test/support/databases.js'
import type { TestDatabase } from '../../../test/support/databases.js'
import type { StoredKey } from '../../core/ports.js'
import { PLATFORM_KEY_OWNER } from '../../platform/ports.js'
import { createStores } from '../create-stores.js'
import { createPlatformStores } from './create-platform-stores.js'
import type { SqlPlatformStores } from './create-platform-stores.js'

const NOW = 1_790_000_000_000

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    let stores: SqlPlatformStores
    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      stores = createPlatformStores(database.db, { clock: { now: () => NOW } })
    })
    afterAll(() => database?.close())

    it('answers a ping, and fails one once the database is closed', async () => {
      const own = await openTestDatabase(dialect)
      const ownStores = createPlatformStores(own.db)
      await expect(ownStores.ping()).resolves.toBeUndefined()
      await own.close()
      await expect(ownStores.ping()).rejects.toThrow()
    })

    it('keeps the platform`s signing keys under owner "platform"', async () => {
      const key: StoredKey = {
        kid: 'platform-k1',
        ownerId: PLATFORM_KEY_OWNER,
        alg: 'RS256',
        status: 'active',
        publicJwk: { kty: 'RSA', n: 'modulus', e: 'AQAB', alg: 'RS256', use: 'sig' },
        encryptedPrivateJwk: 'v1.iv.ciphertext',
        createdAt: NOW,
        activatedAt: NOW,
      }
      await stores.keys.insertKey(key)
      expect(await stores.keys.listKeys(PLATFORM_KEY_OWNER)).toEqual([key])
    })

    it('shares used nonces with the tool side of the same database', async () => {
      const tool = createStores(database.db, { clock: { now: () => NOW } })
      expect(await stores.nonces.consumeNonce('jti:abc', NOW + 60_000)).toBe(true)
      expect(await stores.nonces.consumeNonce('jti:abc', NOW + 60_000)).toBe(false)
      expect(await tool.nonces.isNonceConsumed('jti:abc')).toBe(true)
      expect(await stores.nonces.deleteExpired(NOW + 60_001)).toBeGreaterThanOrEqual(1)
      expect(await stores.nonces.isNonceConsumed('jti:abc')).toBe(false)
    })

    it('detects the dialect for the roster`s role filter', async () => {
      const context = await stores.contexts.createContext({
        title: 'C',
        gradingScale: { type: 'points' },
      })
      const user = await stores.users.createUser({
        email: 'mentor@example.edu',
        name: 'M',
        passwordHash: 'h',
      })
      const enrollment = await stores.contexts.enroll({
        contextId: context.id,
        userId: user!.id,
        roles: ['Mentor'],
        status: 'Active',
      })
      const page = (role: 'Mentor' | 'Learner') =>
        stores.contexts.listMembers(context.id, { limit: 10, offset: 0, role })
      expect(await page('Mentor')).toEqual([{ ...enrollment, user }])
      expect(await page('Learner')).toEqual([])
    })
  })
}
