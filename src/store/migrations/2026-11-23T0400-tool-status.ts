import type { Kysely } from 'kysely'

/**
 * Whether a platform tool may be launched: `active`, or `pending` until an admin approves a tool
 * that registered itself (Dynamic Registration 1.0 §3.6 leaves approval to the platform). Every
 * tool that exists already was created by an admin or an automatic registration, so it is active.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('platform_tools')
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('active'))
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('platform_tools').dropColumn('status').execute()
}
