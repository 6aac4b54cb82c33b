import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type { Clock } from '../../core/ports.js'
import type { User, UserStore } from '../../platform/ports.js'
import { present } from '../present.js'
import { createReadCache } from '../read-cache.js'
import type { Database } from '../schema.js'
import type { PlatformUsersTable } from './schema.js'

export interface UserRepositoryOptions {
  /** How long a hit of `findUser` is answered from memory. Default 5 s; `0` disables the cache. */
  readonly cacheTtlMs?: number
}

export const USER_CACHE_TTL_MS = 5_000

/**
 * The platform's users. E-mail addresses are stored and looked up lower-cased, so one address
 * in any case is one account; `clock` stamps `createdAt`.
 *
 * `findUser` (the user of a session cookie, on every page and launch) answers hits from this
 * process's cache for `cacheTtlMs`. Users are never changed or deleted through this port, so the
 * cache cannot go stale today. `findUserByEmail` (sign-in, which checks the password hash) always
 * reads the database.
 */
export function userRepository(
  db: Kysely<Database>,
  clock: Clock,
  { cacheTtlMs = USER_CACHE_TTL_MS }: UserRepositoryOptions = {},
): UserStore {
  const select = () => db.selectFrom('platform_users').selectAll()
  const byId = createReadCache<User>({ clock, ttlMs: cacheTtlMs })
  return {
    async createUser(input) {
      const row = {
        id: randomUUID(),
        email: input.email.toLowerCase(),
        name: input.name,
        given_name: input.givenName ?? null,
        family_name: input.familyName ?? null,
        password_hash: input.passwordHash,
        is_admin: input.isAdmin ? 1 : 0,
        created_at: clock.now(),
      }
      // The unique e-mail decides a race between two sign-ups, on either dialect.
      const inserted = await db
        .insertInto('platform_users')
        .values(row)
        .onConflict((oc) => oc.column('email').doNothing())
        .returning('id')
        .executeTakeFirst()
      return inserted && toUser(row)
    },

    findUser(id) {
      return byId.get(id, async () => {
        const row = await select().where('id', '=', id).executeTakeFirst()
        return row && toUser(row)
      })
    },

    async findUserByEmail(email) {
      const row = await select().where('email', '=', email.toLowerCase()).executeTakeFirst()
      return row && toUser(row)
    },
  }
}

export function toUser(row: Selectable<PlatformUsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    ...present('givenName', row.given_name),
    ...present('familyName', row.family_name),
    passwordHash: row.password_hash,
    isAdmin: row.is_admin === 1,
    createdAt: row.created_at,
  }
}
