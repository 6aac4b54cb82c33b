import type { Kysely } from 'kysely'
import type { NonceStore } from '../core/ports.js'
import type { Database } from './schema.js'

export interface NonceRepository extends NonceStore {
  /** Housekeeping: forgets nonces whose login state expired before `before`. */
  deleteExpired(before: number): Promise<number>
}

/**
 * Used nonces shared by every instance: the single-use half of a login.
 * @see https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation
 */
export function nonceRepository(db: Kysely<Database>): NonceRepository {
  return {
    async consumeNonce(nonce, expiresAt) {
      // One atomic statement: of any number of concurrent launches with this nonce, exactly one
      // inserts the row and sees it returned.
      const row = await db
        .insertInto('used_nonces')
        .values({ nonce, expires_at: expiresAt })
        .onConflict((oc) => oc.column('nonce').doNothing())
        .returning('nonce')
        .executeTakeFirst()
      return row !== undefined
    },

    async isNonceConsumed(nonce) {
      const row = await db
        .selectFrom('used_nonces')
        .select('nonce')
        .where('nonce', '=', nonce)
        .executeTakeFirst()
      return row !== undefined
    },

    async deleteExpired(before) {
      const { numDeletedRows } = await db
        .deleteFrom('used_nonces')
        .where('expires_at', '<', before)
        .executeTakeFirst()
      return Number(numDeletedRows)
    },
  }
}
