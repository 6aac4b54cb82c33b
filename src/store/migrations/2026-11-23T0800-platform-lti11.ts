/**
 * LTI 1.1 tools on the platform: their registrations (consumer key, shared secret sealed at
 * rest), the link from a 1.3 tool to the 1.1 registration it replaces (the `lti1p1` migration
 * claim), and activities and line items of 1.1 tools.
 *
 * An activity's or line item's `tool_id` now names a tool of either kind (IDs are UUIDs, unique
 * across both tables), so the foreign keys from those two columns to `platform_tools` go; the
 * repositories check the tool exists. PostgreSQL drops the two constraints. SQLite cannot drop a
 * constraint, so the three tables of that chain (links, line items, scores) are rebuilt from
 * their own stored definitions less the two constraints, rows copied, as SQLite's ALTER TABLE
 * documentation describes (§7). It runs with foreign keys on and inside the migration's
 * transaction: the copies reference each other under new names, the old tables are dropped
 * children first (so no cascade reaches a score), and renaming rewrites the references.
 * @see https://www.sqlite.org/lang_altertable.html#otheralter
 */
import { PostgresIntrospector, sql } from 'kysely'
import type { Kysely } from 'kysely'

/** Parents before children: the order rows are copied in and tables renamed. */
const CHAIN = ['platform_resource_links', 'platform_line_items', 'platform_scores'] as const
const DROPPED_FKS: Readonly<Record<string, string>> = {
  platform_resource_links: 'platform_resource_links_tool_fk',
  platform_line_items: 'platform_line_items_tool_fk',
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('platform_lti11_tools')
    .addColumn('id', 'text', (col) => col.primaryKey().notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('launch_url', 'text', (col) => col.notNull())
    .addColumn('consumer_key', 'text', (col) => col.notNull().unique())
    // A SecretBox value (`v1.<keyId>.<iv>.<ciphertext>`), never the secret itself.
    .addColumn('encrypted_shared_secret', 'text', (col) => col.notNull())
    .addColumn('custom_parameters', 'text', (col) => col.notNull())
    .addColumn('privacy', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('active'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addCheckConstraint('platform_lti11_tools_status_check', sql`status in ('active', 'disabled')`)
    .execute()

  // No foreign key: SQLite cannot drop a column that has one, so `down` could not remove it.
  await db.schema.alterTable('platform_tools').addColumn('lti11_tool_id', 'text').execute()

  if (db.introspection instanceof PostgresIntrospector) {
    for (const [table, constraint] of Object.entries(DROPPED_FKS)) {
      await db.schema.alterTable(table).dropConstraint(constraint).execute()
    }
  } else {
    await rebuildSqliteChain(db)
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  // The dropped foreign keys stay dropped: rows of 1.1 tools would violate them.
  await db.schema.alterTable('platform_tools').dropColumn('lti11_tool_id').execute()
  await db.schema.dropTable('platform_lti11_tools').execute()
}

interface SchemaRow {
  type: string
  name: string
  tbl_name: string
  sql: string | null
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
async function rebuildSqliteChain(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<SchemaRow>`
    select type, name, tbl_name, sql from sqlite_schema
    where tbl_name in (${sql.join(CHAIN.map((t) => sql.lit(t)))}) and sql is not null
  `.execute(db)
  const indexes = rows.filter((row) => row.type === 'index').map((row) => row.sql as string)
  for (const table of CHAIN) {
    const definition = rows.find((row) => row.type === 'table' && row.name === table)?.sql
    if (!definition) throw new Error(`table ${table} not found`)
    await sql.raw(newDefinition(table, definition)).execute(db)
    // Same definition less constraints: the columns are the same, in the same order.
    await sql.raw(`insert into "${table}_new" select * from "${table}"`).execute(db)
  }
  // Children first: a dropped table's rows are deleted first, and no copy refers to it.
  for (const table of [...CHAIN].reverse()) await db.schema.dropTable(table).execute()
  // Renaming a table rewrites the references to it in the other copies' foreign keys.
  for (const table of CHAIN) await db.schema.alterTable(`${table}_new`).renameTo(table).execute()
  for (const index of indexes) await sql.raw(index).execute(db)
}

/** The stored `CREATE TABLE` of `table` for its copy `<table>_new`, less the dropped key. */
function newDefinition(table: string, definition: string): string {
  let result = replaceOnce(definition, `CREATE TABLE "${table}" (`, `CREATE TABLE "${table}_new" (`)
  const fk = DROPPED_FKS[table]
  if (fk) {
    result = replaceOnce(
      result,
      `, constraint "${fk}" foreign key ("tool_id") references "platform_tools" ("id")`,
      '',
    )
  }
  for (const parent of CHAIN) {
    result = result.replaceAll(`references "${parent}" (`, `references "${parent}_new" (`)
  }
  return result
}

/** Fails loudly rather than rebuild a table whose definition is not the one expected. */
function replaceOnce(text: string, search: string, replacement: string): string {
  const at = text.indexOf(search)
  if (at < 0 || text.indexOf(search, at + 1) >= 0) {
    throw new Error(`unexpected table definition, no single ${JSON.stringify(search)}`)
  }
  return text.slice(0, at) + replacement + text.slice(at + search.length)
}
