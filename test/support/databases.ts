/**
 * The dialect matrix of the store tests (STYLE.md §5). SQLite always runs, on a temp file.
 * PostgreSQL runs unless LTIKIT_TEST_PG=off outside CI; each opened database gets its own schema,
 * so test files run in parallel against one server.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely, KyselyPlugin, PluginTransformQueryArgs } from 'kysely'
import pg from 'pg'
import { openDatabase } from '../../src/store/database.js'
import type { DialectName } from '../../src/store/database.js'
import { migrateToLatest } from '../../src/store/migrate.js'
import type { Database } from '../../src/store/schema.js'

export const PG_TEST_URL =
  process.env.LTIKIT_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'

export const DIALECTS: readonly DialectName[] =
  process.env.LTIKIT_TEST_PG === 'off' && !process.env.CI ? ['sqlite'] : ['sqlite', 'postgres']

export interface TestDatabase {
  readonly dialect: DialectName
  /** Opens the same database again, as a second instance would (`openDatabase(url)`). */
  readonly url: string
  readonly db: Kysely<Database>
  close(): Promise<void>
}

/**
 * A fresh, migrated database: a temp SQLite file, or a new PostgreSQL schema `t_<random>` that
 * `close()` drops.
 */
export async function openTestDatabase(
  dialect: DialectName,
  { migrate = true }: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const { url, cleanUp } = dialect === 'postgres' ? await createSchema() : createSqliteFile()
  const opened = openDatabase(url)
  const close = async () => {
    await opened.close()
    await cleanUp()
  }
  try {
    if (migrate) await migrateToLatest(opened)
  } catch (error) {
    await close()
    throw error
  }
  return { dialect, url, db: opened.db, close }
}

/** Counts the statements a Kysely handle sends, to hold hot paths to their budget. */
export function countQueries(db: Kysely<Database>): { db: Kysely<Database>; count(): number } {
  let count = 0
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }: PluginTransformQueryArgs) => {
      count += 1
      return node
    },
    transformResult: async ({ result }) => result,
  }
  return { db: db.withPlugin(plugin), count: () => count }
}

function createSqliteFile() {
  const dir = mkdtempSync(join(tmpdir(), 'ltikit-store-'))
  return {
    url: `sqlite:${join(dir, 'test.db')}`,
    cleanUp: async () => rmSync(dir, { recursive: true, force: true }),
  }
}

async function createSchema() {
  const schema = `t_${randomBytes(8).toString('hex')}`
  await admin(`create schema ${schema}`)
  const url = new URL(PG_TEST_URL)
  const options = url.searchParams.get('options')
  const setting = `-c search_path=${schema}`
  url.searchParams.set('options', options ? `${options} ${setting}` : setting)
  return {
    url: url.toString(),
    cleanUp: () => admin(`drop schema if exists ${schema} cascade`),
  }
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_TEST_URL })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}
