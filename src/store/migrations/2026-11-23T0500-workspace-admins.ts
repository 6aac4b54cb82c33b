import { sql } from 'kysely'
import type { Kysely } from 'kysely'

/**
 * Workspace admins sign in with email and password: a member with a password hash is an account.
 * One email is one account per workspace; the index leads with the email, as sign-in looks an
 * address up before it knows the workspace. Launch-provisioned members keep no password and may
 * share an email with an account.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('members').addColumn('password_hash', 'text').execute()
  await db.schema
    .createIndex('members_account_email_idx')
    .on('members')
    .columns(['email', 'workspace_id'])
    .unique()
    .where(sql.ref('password_hash'), 'is not', null)
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('members_account_email_idx').execute()
  await db.schema.alterTable('members').dropColumn('password_hash').execute()
}
