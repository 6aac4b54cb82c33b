import type { Kysely, Selectable } from 'kysely'
import type { KeyStore, StoredKey } from '../core/ports.js'
import { present } from './present.js'
import type { Database, KeysTable } from './schema.js'

/** Signing keys per owner (a workspace's tool keys, a platform's keys), private halves encrypted. */
export function keyRepository(db: Kysely<Database>): KeyStore {
  return {
    async listKeys(ownerId) {
      const rows = await db
        .selectFrom('keys')
        .selectAll()
        .where('owner_id', '=', ownerId)
        .orderBy('created_at')
        .orderBy('kid')
        .execute()
      return rows.map(toStoredKey)
    },

    async insertKey(key) {
      await db
        .insertInto('keys')
        .values({
          kid: key.kid,
          owner_id: key.ownerId,
          alg: key.alg,
          status: key.status,
          public_jwk: JSON.stringify(key.publicJwk),
          encrypted_private_jwk: key.encryptedPrivateJwk,
          created_at: key.createdAt,
          activated_at: key.activatedAt ?? null,
          retired_at: key.retiredAt ?? null,
        })
        .execute()
    },

    async updateKeyStatuses(ownerId, changes) {
      await db.transaction().execute(async (trx) => {
        for (const { kid, status, at } of changes) {
          // SET expressions read the row as it was, so a key already in the target state keeps
          // the time it got there.
          const { numUpdatedRows } = await trx
            .updateTable('keys')
            .set((eb) => ({
              status,
              ...(status === 'active' && {
                activated_at: eb
                  .case()
                  .when('status', '=', 'active')
                  .then(eb.ref('activated_at'))
                  .else(at)
                  .end(),
              }),
              ...(status === 'retired' && {
                retired_at: eb
                  .case()
                  .when('status', '=', 'retired')
                  .then(eb.ref('retired_at'))
                  .else(at)
                  .end(),
              }),
            }))
            .where('owner_id', '=', ownerId)
            .where('kid', '=', kid)
            .executeTakeFirst()
          // All or nothing: a missing key means another instance rotated first.
          if (numUpdatedRows === 0n) throw new Error(`key "${kid}" of "${ownerId}" not found`)
        }
      })
    },

    async deleteRetiredKeys(ownerId, before) {
      const { numDeletedRows } = await db
        .deleteFrom('keys')
        .where('owner_id', '=', ownerId)
        .where('status', '=', 'retired')
        .where('retired_at', '<', before)
        .executeTakeFirst()
      return Number(numDeletedRows)
    },
  }
}

function toStoredKey(row: Selectable<KeysTable>): StoredKey {
  return {
    kid: row.kid,
    ownerId: row.owner_id,
    alg: row.alg,
    status: row.status,
    publicJwk: JSON.parse(row.public_jwk) as JsonWebKey,
    encryptedPrivateJwk: row.encrypted_private_jwk,
    createdAt: row.created_at,
    ...present('activatedAt', row.activated_at),
    ...present('retiredAt', row.retired_at),
  }
}
