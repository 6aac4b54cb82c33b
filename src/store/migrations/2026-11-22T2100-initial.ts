/**
 * The initial schema. Frozen: never edit a migration once released; add a new file instead.
 * Portable schema-builder types only, so one file serves SQLite and PostgreSQL. Times are
 * epoch milliseconds in `bigint`, JSON documents are `text`, IDs are `text` (random UUIDs).
 */
import { sql } from 'kysely'
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('workspaces')
    // SQLite lets a non-INTEGER primary key hold NULL unless NOT NULL is explicit.
    .addColumn('id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('scenarios')
    .addColumn('id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('workspace_id', 'text', (col) => col.notNull())
    .addColumn('slug', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addForeignKeyConstraint('scenarios_workspace_fk', ['workspace_id'], 'workspaces', ['id'])
    .addUniqueConstraint('scenarios_workspace_slug_unique', ['workspace_id', 'slug'])
    .execute()

  await db.schema
    .createTable('registrations')
    .addColumn('id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('workspace_id', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('issuer', 'text', (col) => col.notNull())
    .addColumn('client_id', 'text', (col) => col.notNull())
    .addColumn('authentication_request_url', 'text', (col) => col.notNull())
    .addColumn('access_token_url', 'text', (col) => col.notNull())
    .addColumn('jwks_url', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addForeignKeyConstraint('registrations_workspace_fk', ['workspace_id'], 'workspaces', ['id'])
    .addUniqueConstraint('registrations_workspace_issuer_client_unique', [
      'workspace_id',
      'issuer',
      'client_id',
    ])
    .execute()
  await db.schema
    .createIndex('registrations_workspace_issuer_idx')
    .on('registrations')
    .columns(['workspace_id', 'issuer'])
    .execute()

  await db.schema
    .createTable('deployments')
    .addColumn('registration_id', 'text', (col) => col.notNull())
    .addColumn('deployment_id', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('deployments_pk', ['registration_id', 'deployment_id'])
    .addForeignKeyConstraint(
      'deployments_registration_fk',
      ['registration_id'],
      'registrations',
      ['id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()

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

  await db.schema
    .createTable('keys')
    .addColumn('kid', 'text', (col) => col.notNull())
    .addColumn('owner_id', 'text', (col) => col.notNull())
    .addColumn('alg', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('public_jwk', 'text', (col) => col.notNull())
    .addColumn('encrypted_private_jwk', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('activated_at', 'bigint')
    .addColumn('retired_at', 'bigint')
    .addPrimaryKeyConstraint('keys_pk', ['owner_id', 'kid'])
    .addCheckConstraint('keys_status_check', sql`status in ('next', 'active', 'retired')`)
    .execute()

  await db.schema
    .createTable('members')
    .addColumn('id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('workspace_id', 'text', (col) => col.notNull())
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('lms_roles', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addCheckConstraint('members_role_check', sql`role in ('Member', 'Admin')`)
    .execute()
  await db.schema
    .createIndex('members_workspace_idx')
    .on('members')
    .column('workspace_id')
    .execute()

  await db.schema
    .createTable('member_identities')
    .addColumn('workspace_id', 'text', (col) => col.notNull())
    .addColumn('issuer', 'text', (col) => col.notNull())
    .addColumn('sub', 'text', (col) => col.notNull())
    .addColumn('member_id', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('member_identities_pk', ['workspace_id', 'issuer', 'sub'])
    .addForeignKeyConstraint(
      'member_identities_member_fk',
      ['member_id'],
      'members',
      ['id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('member_identities_member_idx')
    .on('member_identities')
    .column('member_id')
    .execute()

  await db.schema
    .createTable('lti_contexts')
    .addColumn('id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('registration_id', 'text', (col) => col.notNull())
    .addColumn('deployment_id', 'text', (col) => col.notNull())
    .addColumn('context_id', 'text', (col) => col.notNull())
    .addColumn('label', 'text')
    .addColumn('title', 'text')
    .addColumn('types', 'text')
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addForeignKeyConstraint(
      'lti_contexts_registration_fk',
      ['registration_id'],
      'registrations',
      ['id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addUniqueConstraint('lti_contexts_registration_context_unique', [
      'registration_id',
      'context_id',
    ])
    .execute()

  await db.schema
    .createTable('resource_links')
    .addColumn('id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('registration_id', 'text', (col) => col.notNull())
    .addColumn('deployment_id', 'text', (col) => col.notNull())
    .addColumn('resource_link_id', 'text', (col) => col.notNull())
    .addColumn('context_ref', 'text')
    .addColumn('title', 'text')
    .addColumn('description', 'text')
    .addColumn('scenario_id', 'text')
    .addColumn('ags_endpoint', 'text')
    .addColumn('nrps_service', 'text')
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addForeignKeyConstraint(
      'resource_links_registration_fk',
      ['registration_id'],
      'registrations',
      ['id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addUniqueConstraint('resource_links_registration_link_unique', [
      'registration_id',
      'resource_link_id',
    ])
    .execute()

  await db.schema
    .createTable('enrollments')
    .addColumn('member_id', 'text', (col) => col.notNull())
    .addColumn('context_ref', 'text', (col) => col.notNull())
    .addColumn('roles', 'text', (col) => col.notNull())
    .addColumn('last_launch_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('enrollments_pk', ['member_id', 'context_ref'])
    .addForeignKeyConstraint('enrollments_member_fk', ['member_id'], 'members', ['id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'enrollments_context_fk',
      ['context_ref'],
      'lti_contexts',
      ['id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('enrollments_context_idx')
    .on('enrollments')
    .column('context_ref')
    .execute()

  await db.schema
    .createTable('launch_log')
    .addColumn('id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('workspace_id', 'text')
    .addColumn('correlation_id', 'text', (col) => col.notNull())
    .addColumn('at', 'bigint', (col) => col.notNull())
    .addColumn('outcome', 'text', (col) => col.notNull())
    .addColumn('error_code', 'text')
    .addColumn('message', 'text')
    .addColumn('issuer', 'text')
    .addColumn('client_id', 'text')
    .addColumn('deployment_id', 'text')
    .addColumn('message_type', 'text')
    .addColumn('member_id', 'text')
    .addColumn('scenario_id', 'text')
    .addColumn('claims', 'text')
    .addCheckConstraint('launch_log_outcome_check', sql`outcome in ('success', 'failure')`)
    .execute()
  await db.schema
    .createIndex('launch_log_workspace_at_idx')
    .on('launch_log')
    .columns(['workspace_id', 'at'])
    .execute()
  await db.schema
    .createIndex('launch_log_correlation_idx')
    .on('launch_log')
    .column('correlation_id')
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'launch_log',
    'enrollments',
    'resource_links',
    'lti_contexts',
    'member_identities',
    'members',
    'keys',
    'login_states',
    'deployments',
    'registrations',
    'scenarios',
    'workspaces',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
