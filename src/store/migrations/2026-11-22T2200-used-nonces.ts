import type { Kysely } from 'kysely'

/**
 * Login states become signed tokens that need no row; what must be shared is the set of nonces
 * already used, each kept until its login state has expired.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('used_nonces')
    .addColumn('nonce', 'text', (col) => col.primaryKey().notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('used_nonces_expires_at_idx')
    .on('used_nonces')
    .column('expires_at')
    .execute()
  await db.schema.dropTable('login_states').execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_states')
    .addColumn('state', 'text', (col) => col.primaryKey().notNull())
    .addColumn('nonce', 'text', (col) => col.notNull().unique())
    .addColumn('workspace_id', 'text', (col) => col.notNull())
    .addColumn('registration_id', 'text', (col) => col.notNull())
    .addColumn('target_link_uri', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('consumed_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('login_states_expires_at_idx')
    .on('login_states')
    .column('expires_at')
    .execute()
  await db.schema.dropTable('used_nonces').execute()
}
