import type { Kysely } from 'kysely'

/**
 * A scenario's authored script: the branching conversation a learner plays, as JSON text.
 * Nullable: scenarios created before scripts existed (or through the API without one) have none,
 * and the player says so.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('scenarios').addColumn('script', 'text').execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('scenarios').dropColumn('script').execute()
}
