import type { Kysely, Selectable } from 'kysely'
import type { ConsumeLoginStateResult, LoginState, LoginStateStore } from '../core/ports.js'
import type { Database, LoginStatesTable } from './schema.js'

export interface LoginStateRepository extends LoginStateStore {
  /** Housekeeping: drops login states that expired before `before`, used or not. */
  deleteExpired(before: number): Promise<number>
}

/**
 * Single-use login states shared by every instance.
 * @see https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation
 */
export function loginStateRepository(db: Kysely<Database>): LoginStateRepository {
  return {
    async saveLoginState(loginState) {
      await db
        .insertInto('login_states')
        .values({
          state: loginState.state,
          nonce: loginState.nonce,
          workspace_id: loginState.workspaceId,
          registration_id: loginState.registrationId,
          target_link_uri: loginState.targetLinkUri,
          expires_at: loginState.expiresAt,
        })
        .execute()
    },

    async consumeLoginState(state, now): Promise<ConsumeLoginStateResult> {
      // Security Framework §5.1.1.2: one atomic statement, so of any number of concurrent
      // launches presenting this state exactly one sees the row.
      const consumed = await db
        .updateTable('login_states')
        .set({ consumed_at: now })
        .where('state', '=', state)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now)
        .returningAll()
        .executeTakeFirst()
      if (consumed) return { status: 'consumed', loginState: toLoginState(consumed) }

      // The miss is the rare path: one more read names the reason.
      const row = await db
        .selectFrom('login_states')
        .select(['consumed_at', 'expires_at'])
        .where('state', '=', state)
        .executeTakeFirst()
      if (!row) return { status: 'unknown' }
      return { status: row.consumed_at === null ? 'expired' : 'replayed' }
    },

    async isNonceConsumed(nonce) {
      const row = await db
        .selectFrom('login_states')
        .select('state')
        .where('nonce', '=', nonce)
        .where('consumed_at', 'is not', null)
        .executeTakeFirst()
      return row !== undefined
    },

    async deleteExpired(before) {
      const { numDeletedRows } = await db
        .deleteFrom('login_states')
        .where('expires_at', '<', before)
        .executeTakeFirst()
      return Number(numDeletedRows)
    },
  }
}

function toLoginState(row: Selectable<LoginStatesTable>): LoginState {
  return {
    state: row.state,
    nonce: row.nonce,
    workspaceId: row.workspace_id,
    registrationId: row.registration_id,
    targetLinkUri: row.target_link_uri,
    expiresAt: row.expires_at,
  }
}
