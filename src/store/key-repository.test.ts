import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS, openTestDatabase } from '../../test/support/databases.js'
import type { TestDatabase } from '../../test/support/databases.js'
import type { KeyStore, StoredKey } from '../core/ports.js'
import { keyRepository } from './key-repository.js'

const NOW = 1_790_000_000_000

const key = (ownerId: string, kid: string, overrides: Partial<StoredKey> = {}): StoredKey => ({
  kid,
  ownerId,
  alg: 'RS256',
  status: 'next',
  publicJwk: { kty: 'RSA', n: `modulus-${kid}`, e: 'AQAB', alg: 'RS256', use: 'sig' },
  encryptedPrivateJwk: `v1.iv.${kid}.ciphertext`,
  createdAt: NOW,
  ...overrides,
})

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    let keys: KeyStore
    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      keys = keyRepository(database.db)
    })
    afterAll(() => database?.close())

    it('stores keys and lists the keys of an owner oldest first, omitting unset times', async () => {
      const active = key('owner-list', 'k2', { status: 'active', createdAt: NOW, activatedAt: NOW })
      const next = key('owner-list', 'k1', { createdAt: NOW + 1 })
      await keys.insertKey(next)
      await keys.insertKey(active)
      await keys.insertKey(key('someone-else', 'k1'))
      const listed = await keys.listKeys('owner-list')
      expect(listed).toEqual([active, next])
      expect(listed[1]).not.toHaveProperty('activatedAt')
      expect(listed[1]).not.toHaveProperty('retiredAt')
      expect(await keys.listKeys('nobody')).toEqual([])
    })

    it('rejects a second key with the same kid for one owner', async () => {
      await keys.insertKey(key('owner-dup', 'k1'))
      await expect(keys.insertKey(key('owner-dup', 'k1'))).rejects.toThrow()
    })

    it('rotates keys in one go, stamping activation and retirement', async () => {
      const owner = 'owner-rotate'
      await keys.insertKey(key(owner, 'old', { status: 'active', activatedAt: NOW - 1000 }))
      await keys.insertKey(key(owner, 'new'))
      await keys.updateKeyStatuses(owner, [
        { kid: 'new', status: 'active', at: NOW + 10 },
        { kid: 'old', status: 'retired', at: NOW + 10 },
      ])
      const byKid = Object.fromEntries((await keys.listKeys(owner)).map((k) => [k.kid, k]))
      expect(byKid.new).toMatchObject({ status: 'active', activatedAt: NOW + 10 })
      expect(byKid.new).not.toHaveProperty('retiredAt')
      expect(byKid.old).toMatchObject({
        status: 'retired',
        activatedAt: NOW - 1000,
        retiredAt: NOW + 10,
      })
    })

    it('keeps the first activation time when a key is set active again', async () => {
      const owner = 'owner-again'
      await keys.insertKey(key(owner, 'k'))
      await keys.updateKeyStatuses(owner, [{ kid: 'k', status: 'active', at: NOW + 1 }])
      await keys.updateKeyStatuses(owner, [{ kid: 'k', status: 'active', at: NOW + 2 }])
      await keys.updateKeyStatuses(owner, [{ kid: 'k', status: 'retired', at: NOW + 3 }])
      await keys.updateKeyStatuses(owner, [{ kid: 'k', status: 'retired', at: NOW + 4 }])
      expect(await keys.listKeys(owner)).toEqual([
        expect.objectContaining({ status: 'retired', activatedAt: NOW + 1, retiredAt: NOW + 3 }),
      ])
    })

    it('changes nothing when one change names a missing key', async () => {
      const owner = 'owner-atomic'
      await keys.insertKey(key(owner, 'k'))
      await expect(
        keys.updateKeyStatuses(owner, [
          { kid: 'k', status: 'active', at: NOW },
          { kid: 'missing', status: 'retired', at: NOW },
        ]),
      ).rejects.toThrow()
      expect(await keys.listKeys(owner)).toEqual([key(owner, 'k')])
    })

    it('deletes only retired keys retired before a time', async () => {
      const owner = 'owner-delete'
      await keys.insertKey(key(owner, 'gone', { status: 'retired', retiredAt: NOW - 100 }))
      await keys.insertKey(key(owner, 'recent', { status: 'retired', retiredAt: NOW }))
      await keys.insertKey(key(owner, 'active', { status: 'active', activatedAt: NOW - 500 }))
      await keys.insertKey(key('other-owner', 'gone', { status: 'retired', retiredAt: NOW - 100 }))
      expect(await keys.deleteRetiredKeys(owner, NOW)).toBe(1)
      expect((await keys.listKeys(owner)).map((k) => k.kid).sort()).toEqual(['active', 'recent'])
      expect(await keys.listKeys('other-owner')).toHaveLength(1)
    })
  })
}
