import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS, openTestDatabase } from '../../../test/support/databases.js'
import type { TestDatabase } from '../../../test/support/databases.js'
import type { UserStore } from '../../platform/ports.js'
import { userRepository } from './user-repository.js'

const NOW = 1_790_000_000_000

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    let users: UserStore
    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      users = userRepository(database.db, { now: () => NOW })
    })
    afterAll(() => database?.close())

    it('creates a user with a lower-cased e-mail address and finds it by ID and address', async () => {
      const user = await users.createUser({
        email: 'Ada.Lovelace@Example.EDU',
        name: 'Ada Lovelace',
        givenName: 'Ada',
        familyName: 'Lovelace',
        passwordHash: 'scrypt$16384$8$1$salt$hash',
      })
      expect(user).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        email: 'ada.lovelace@example.edu',
        name: 'Ada Lovelace',
        givenName: 'Ada',
        familyName: 'Lovelace',
        passwordHash: 'scrypt$16384$8$1$salt$hash',
        isAdmin: false,
        createdAt: NOW,
      })
      expect(await users.findUser(user!.id)).toEqual(user)
      expect(await users.findUserByEmail('ADA.lovelace@example.edu')).toEqual(user)
    })

    it('keeps whether a user is an LMS admin', async () => {
      const admin = await users.createUser({
        email: 'root@example.edu',
        name: 'Root',
        passwordHash: 'h',
        isAdmin: true,
      })
      expect(admin?.isAdmin).toBe(true)
      // Another repository: no cache, read from the database.
      const fresh = userRepository(database.db, { now: () => NOW }, { cacheTtlMs: 0 })
      expect((await fresh.findUser(admin!.id))?.isAdmin).toBe(true)
      expect((await fresh.findUserByEmail('root@example.edu'))?.isAdmin).toBe(true)
    })

    it('omits the name parts that were not given', async () => {
      const user = await users.createUser({
        email: 'plain@example.edu',
        name: 'P',
        passwordHash: 'h',
      })
      const found = await users.findUser(user!.id)
      expect(found).toEqual(user)
      expect(found).not.toHaveProperty('givenName')
      expect(found).not.toHaveProperty('familyName')
    })

    it('refuses a taken e-mail address in any case and keeps the first account', async () => {
      const first = await users.createUser({
        email: 'grace@example.edu',
        name: 'Grace',
        passwordHash: 'h1',
      })
      const again = await users.createUser({
        email: 'Grace@Example.edu',
        name: 'Imposter',
        passwordHash: 'h2',
      })
      expect(again).toBeUndefined()
      expect(await users.findUserByEmail('grace@example.edu')).toEqual(first)
    })

    it('gives undefined for an unknown ID or address', async () => {
      expect(await users.findUser('00000000-0000-0000-0000-000000000000')).toBeUndefined()
      expect(await users.findUserByEmail('nobody@example.edu')).toBeUndefined()
    })
  })
}
