/**
 * Attempts, their results and grade passback: the durable job queue and the best-of-N ledger.
 * Frozen once released. Portable types only; scores are `double precision` (0 to 100).
 */
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('attempts')
    .addColumn('id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('workspace_id', 'text', (col) => col.notNull())
    .addColumn('member_id', 'text', (col) => col.notNull())
    .addColumn('scenario_id', 'text', (col) => col.notNull())
    // No foreign key: an attempt outlives its LMS connection as history.
    .addColumn('registration_id', 'text', (col) => col.notNull())
    .addColumn('resource_link_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('ags_endpoint', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addForeignKeyConstraint('attempts_workspace_fk', ['workspace_id'], 'workspaces', ['id'])
    .addForeignKeyConstraint('attempts_member_fk', ['member_id'], 'members', ['id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .addUniqueConstraint('attempts_member_scenario_link_unique', [
      'member_id',
      'scenario_id',
      'registration_id',
      'resource_link_id',
    ])
    .execute()
  await db.schema
    .createIndex('attempts_workspace_updated_idx')
    .on('attempts')
    .columns(['workspace_id', 'updated_at'])
    .execute()

  await db.schema
    .createTable('attempt_results')
    .addColumn('id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('attempt_id', 'text', (col) => col.notNull())
    .addColumn('score', 'double precision', (col) => col.notNull())
    .addColumn('at', 'bigint', (col) => col.notNull())
    .addForeignKeyConstraint(
      'attempt_results_attempt_fk',
      ['attempt_id'],
      'attempts',
      ['id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
  await db.schema
    .createIndex('attempt_results_attempt_idx')
    .on('attempt_results')
    .columns(['attempt_id', 'at'])
    .execute()

  await db.schema
    .createTable('passback_jobs')
    .addColumn('id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('attempt_id', 'text', (col) => col.notNull())
    .addColumn('result_id', 'text', (col) => col.notNull())
    .addColumn('score', 'double precision', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('run_at', 'bigint', (col) => col.notNull())
    .addColumn('tries', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('lease_token', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .addColumn('last_error_code', 'text')
    .addColumn('last_error', 'text')
    .addColumn('posted_score', 'double precision')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addForeignKeyConstraint('passback_jobs_attempt_fk', ['attempt_id'], 'attempts', ['id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'passback_jobs_result_fk',
      ['result_id'],
      'attempt_results',
      ['id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute()
  // The claim scans due jobs by state and time.
  await db.schema
    .createIndex('passback_jobs_state_run_at_idx')
    .on('passback_jobs')
    .columns(['state', 'run_at'])
    .execute()
  await db.schema
    .createIndex('passback_jobs_attempt_idx')
    .on('passback_jobs')
    .column('attempt_id')
    .execute()

  await db.schema
    .createTable('passback_ledger')
    .addColumn('registration_id', 'text', (col) => col.notNull())
    .addColumn('line_item_url', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('best_score', 'double precision')
    .addColumn('uncertain_score', 'double precision')
    .addColumn('last_timestamp', 'bigint')
    .addColumn('lock_token', 'text')
    .addColumn('lock_expires_at', 'bigint')
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('passback_ledger_pk', ['registration_id', 'line_item_url', 'user_id'])
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('passback_ledger').execute()
  await db.schema.dropTable('passback_jobs').execute()
  await db.schema.dropTable('attempt_results').execute()
  await db.schema.dropTable('attempts').execute()
}
