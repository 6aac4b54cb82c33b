/**
 * The platform's tables (the LMS side): users, contexts, enrollments, tools, resource links,
 * content items, line items and scores. Frozen once released; portable schema-builder types
 * only. Times are epoch milliseconds in `bigint`, JSON documents are `text`.
 */
import { sql } from 'kysely'
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('platform_users')
    // SQLite lets a non-INTEGER primary key hold NULL unless NOT NULL is explicit.
    .addColumn('id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('given_name', 'text')
    .addColumn('family_name', 'text')
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('platform_contexts')
    .addColumn('id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('label', 'text')
    .addColumn('grading_scale', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('platform_enrollments')
    .addColumn('context_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('roles', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('platform_enrollments_pk', ['context_id', 'user_id'])
    .addForeignKeyConstraint(
      'platform_enrollments_context_fk',
      ['context_id'],
      'platform_contexts',
      ['id'],
    )
    .addForeignKeyConstraint('platform_enrollments_user_fk', ['user_id'], 'platform_users', ['id'])
    .addCheckConstraint('platform_enrollments_status_check', sql`status in ('Active', 'Inactive')`)
    .execute()
  await db.schema
    .createIndex('platform_enrollments_user_idx')
    .on('platform_enrollments')
    .column('user_id')
    .execute()

  await db.schema
    .createTable('platform_tools')
    .addColumn('id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('client_id', 'text', (col) => col.notNull().unique())
    .addColumn('deployment_id', 'text', (col) => col.notNull().unique())
    .addColumn('oidc_login_url', 'text', (col) => col.notNull())
    .addColumn('redirect_uris', 'text', (col) => col.notNull())
    .addColumn('target_link_uri', 'text', (col) => col.notNull())
    .addColumn('jwks_url', 'text', (col) => col.notNull())
    .addColumn('deep_linking_url', 'text')
    .addColumn('custom_parameters', 'text', (col) => col.notNull())
    .addColumn('privacy', 'text', (col) => col.notNull())
    .addColumn('services', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('platform_resource_links')
    .addColumn('id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('context_id', 'text', (col) => col.notNull())
    .addColumn('tool_id', 'text', (col) => col.notNull())
    .addColumn('resource_link_id', 'text', (col) => col.notNull().unique())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('text', 'text')
    .addColumn('url', 'text')
    .addColumn('custom_parameters', 'text', (col) => col.notNull())
    // No foreign key: line items point back at links, and deleting a line item unbinds it here.
    .addColumn('line_item_id', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addForeignKeyConstraint(
      'platform_resource_links_context_fk',
      ['context_id'],
      'platform_contexts',
      ['id'],
    )
    .addForeignKeyConstraint('platform_resource_links_tool_fk', ['tool_id'], 'platform_tools', [
      'id',
    ])
    .execute()
  await db.schema
    .createIndex('platform_resource_links_context_idx')
    .on('platform_resource_links')
    .column('context_id')
    .execute()
  await db.schema
    .createIndex('platform_resource_links_line_item_idx')
    .on('platform_resource_links')
    .column('line_item_id')
    .execute()

  await db.schema
    .createTable('platform_content_items')
    .addColumn('id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('context_id', 'text', (col) => col.notNull())
    .addColumn('tool_id', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('title', 'text')
    .addColumn('text', 'text')
    .addColumn('url', 'text')
    .addColumn('html', 'text')
    .addColumn('raw', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addForeignKeyConstraint(
      'platform_content_items_context_fk',
      ['context_id'],
      'platform_contexts',
      ['id'],
    )
    .addForeignKeyConstraint('platform_content_items_tool_fk', ['tool_id'], 'platform_tools', [
      'id',
    ])
    .execute()
  await db.schema
    .createIndex('platform_content_items_context_idx')
    .on('platform_content_items')
    .column('context_id')
    .execute()

  await db.schema
    .createTable('platform_line_items')
    .addColumn('id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('context_id', 'text', (col) => col.notNull())
    .addColumn('tool_id', 'text', (col) => col.notNull())
    .addColumn('link_id', 'text')
    .addColumn('label', 'text', (col) => col.notNull())
    .addColumn('score_maximum', 'double precision', (col) => col.notNull())
    .addColumn('resource_id', 'text')
    .addColumn('tag', 'text')
    .addColumn('start_date_time', 'text')
    .addColumn('end_date_time', 'text')
    .addColumn('grades_released', 'integer')
    .addColumn('submission_review', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addForeignKeyConstraint(
      'platform_line_items_context_fk',
      ['context_id'],
      'platform_contexts',
      ['id'],
    )
    .addForeignKeyConstraint('platform_line_items_tool_fk', ['tool_id'], 'platform_tools', ['id'])
    .addForeignKeyConstraint(
      'platform_line_items_link_fk',
      ['link_id'],
      'platform_resource_links',
      ['id'],
    )
    .execute()
  await db.schema
    .createIndex('platform_line_items_context_tool_idx')
    .on('platform_line_items')
    .columns(['context_id', 'tool_id'])
    .execute()

  await db.schema
    .createTable('platform_scores')
    .addColumn('line_item_id', 'text', (col) => col.notNull())
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('score_given', 'double precision')
    .addColumn('score_maximum', 'double precision')
    .addColumn('comment', 'text')
    .addColumn('activity_progress', 'text', (col) => col.notNull())
    .addColumn('grading_progress', 'text', (col) => col.notNull())
    .addColumn('timestamp', 'text', (col) => col.notNull())
    .addColumn('timestamp_micros', 'bigint', (col) => col.notNull())
    .addColumn('submission', 'text')
    .addColumn('received_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('platform_scores_pk', ['line_item_id', 'user_id'])
    .addForeignKeyConstraint(
      'platform_scores_line_item_fk',
      ['line_item_id'],
      'platform_line_items',
      ['id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint('platform_scores_user_fk', ['user_id'], 'platform_users', ['id'])
    .execute()
  await db.schema
    .createIndex('platform_scores_user_idx')
    .on('platform_scores')
    .column('user_id')
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'platform_scores',
    'platform_line_items',
    'platform_content_items',
    'platform_resource_links',
    'platform_tools',
    'platform_enrollments',
    'platform_contexts',
    'platform_users',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
