import type { Kysely } from 'kysely'

/**
 * Course rosters read through NRPS 2.0: one row per (registration, context) with where the
 * roster comes from and when it was read, and its members. Members are replaced as a whole on
 * every successful read.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rosters')
    .addColumn('id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('registration_id', 'text', (col) => col.notNull())
    .addColumn('context_id', 'text', (col) => col.notNull())
    .addColumn('memberships_url', 'text', (col) => col.notNull())
    .addColumn('synced_at', 'bigint')
    .addColumn('last_attempt_at', 'bigint')
    .addColumn('last_error_code', 'text')
    .addForeignKeyConstraint(
      'rosters_registration_fk',
      ['registration_id'],
      'registrations',
      ['id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addUniqueConstraint('rosters_registration_context_unique', ['registration_id', 'context_id'])
    .execute()

  await db.schema
    .createTable('roster_members')
    .addColumn('roster_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('roles', 'text', (col) => col.notNull())
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addPrimaryKeyConstraint('roster_members_pk', ['roster_id', 'user_id'])
    .addForeignKeyConstraint('roster_members_roster_fk', ['roster_id'], 'rosters', ['id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('roster_members').execute()
  await db.schema.dropTable('rosters').execute()
}
