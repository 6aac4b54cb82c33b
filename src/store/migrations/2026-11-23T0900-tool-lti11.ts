import type { Kysely } from 'kysely'

/**
 * A workspace's former LTI 1.1 consumers (key and shared secret, the secret sealed at rest), each
 * optionally tied to the connected LTI 1.3 LMS it migrates to. Learners launched over 1.1 are
 * `member_identities` rows with issuer `urn:lti11:<consumer_key>`: no new table for them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('lti11_consumers')
    .addColumn('id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('workspace_id', 'text', (col) => col.notNull())
    .addColumn('consumer_key', 'text', (col) => col.notNull())
    .addColumn('encrypted_secret', 'text', (col) => col.notNull())
    .addColumn('registration_id', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addForeignKeyConstraint('lti11_consumers_workspace_fk', ['workspace_id'], 'workspaces', ['id'])
    // Removing the LMS connection unlinks the consumer; its 1.1 learners stay recognisable.
    .addForeignKeyConstraint(
      'lti11_consumers_registration_fk',
      ['registration_id'],
      'registrations',
      ['id'],
      (fk) => fk.onDelete('set null'),
    )
    .addUniqueConstraint('lti11_consumers_workspace_key_unique', ['workspace_id', 'consumer_key'])
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('lti11_consumers').execute()
}
