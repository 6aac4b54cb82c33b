import { enrollmentUpsert } from '../enrollment-upsert.js'
import type { StoreDialect } from './store-dialect.js'

class LostFirstLaunchRace extends Error {}

/**
 * SQLite, and the portable fallback: separate statements, a transaction where they must be atomic.
 * In-process statements cost no round trip, so nothing is folded.
 */
export const sqliteDialect: StoreDialect = {
  name: 'sqlite',

  async findOrInsertMember(db, { workspaceId, issuer, sub }, member) {
    const rows = await db
      .selectFrom('member_identities as i')
      .innerJoin('members as m', 'm.id', 'i.member_id')
      .innerJoin('member_identities as other', 'other.member_id', 'm.id')
      .selectAll('m')
      .select(['other.issuer', 'other.sub'])
      .where('i.workspace_id', '=', workspaceId)
      .where('i.issuer', '=', issuer)
      .where('i.sub', '=', sub)
      .execute()
    if (rows.length > 0) return rows
    try {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('members').values(member).execute()
        // The identity's primary key decides a first-launch race; the loser rolls back its member.
        const won = await trx
          .insertInto('member_identities')
          .values({ workspace_id: workspaceId, issuer, sub, member_id: member.id })
          .onConflict((oc) => oc.doNothing())
          .returning('member_id')
          .executeTakeFirst()
        if (!won) throw new LostFirstLaunchRace()
      })
    } catch (error) {
      if (error instanceof LostFirstLaunchRace) return []
      throw error
    }
    return [{ ...member, issuer, sub }]
  },

  async upsertEnrollmentAndLog(db, enrollment, log) {
    await db.transaction().execute(async (trx) => {
      await enrollmentUpsert(trx, enrollment).execute()
      await trx.insertInto('launch_log').values(log).execute()
    })
  },
}
