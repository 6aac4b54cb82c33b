import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { NO_MIGRATIONS, sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { DIALECTS, openTestDatabase } from '../../test/support/databases.js'
import type { TestDatabase } from '../../test/support/databases.js'
import { openDatabase } from './database.js'
import type { OpenedDatabase } from './database.js'
import { createMigrator, migrateToLatest } from './migrate.js'

const INITIAL = '2026-11-22T2100-initial'
const USED_NONCES = '2026-11-22T2200-used-nonces'
const PLATFORM = '2026-11-23T0100-platform'
const PASSBACK = '2026-11-23T0200-passback'
const ROSTERS = '2026-11-23T0300-rosters'
const TOOL_STATUS = '2026-11-23T0400-tool-status'
const WORKSPACE_ADMINS = '2026-11-23T0500-workspace-admins'
const SCENARIO_SCRIPTS = '2026-11-23T0600-scenario-scripts'
const PLATFORM_UI = '2026-11-23T0700-platform-ui'
const PLATFORM_LTI11 = '2026-11-23T0800-platform-lti11'
const TOOL_LTI11 = '2026-11-23T0900-tool-lti11'
const ALL = [
  INITIAL,
  USED_NONCES,
  PLATFORM,
  PASSBACK,
  ROSTERS,
  TOOL_STATUS,
  WORKSPACE_ADMINS,
  SCENARIO_SCRIPTS,
  PLATFORM_UI,
  PLATFORM_LTI11,
  TOOL_LTI11,
]
const TABLES = [
  'attempt_results',
  'attempts',
  'deployments',
  'enrollments',
  'keys',
  'launch_log',
  'lti11_consumers',
  'lti_contexts',
  'member_identities',
  'members',
  'passback_jobs',
  'passback_ledger',
  'platform_content_items',
  'platform_contexts',
  'platform_enrollments',
  'platform_line_items',
  'platform_lti11_tools',
  'platform_resource_links',
  'platform_scores',
  'platform_tools',
  'platform_users',
  'registrations',
  'resource_links',
  'roster_members',
  'rosters',
  'scenarios',
  'used_nonces',
  'workspaces',
]

const cleanUps: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanUp of cleanUps.splice(0).reverse()) await cleanUp()
})

async function fresh(dialect: TestDatabase['dialect']): Promise<TestDatabase> {
  const database = await openTestDatabase(dialect, { migrate: false })
  cleanUps.push(database.close)
  return database
}

function reopen(url: string): OpenedDatabase {
  const database = openDatabase(url)
  cleanUps.push(database.close)
  return database
}

/** The application tables of this database (on PostgreSQL: of its own schema only). */
async function tableNames({ db, dialect }: TestDatabase): Promise<string[]> {
  const schema =
    dialect === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
      : undefined
  const tables = await db.introspection.getTables()
  return tables
    .filter((t) => t.schema === schema)
    .map((t) => t.name)
    .sort()
}

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    it('creates every table, and a second run is a no-op', async () => {
      const database = await fresh(dialect)
      expect(await migrateToLatest(database)).toEqual(ALL)
      expect(await migrateToLatest(database)).toEqual([])
      expect(await tableNames(database)).toEqual(TABLES)
    })

    it('migrates down to nothing and up again', async () => {
      const database = await fresh(dialect)
      await migrateToLatest(database)
      const migrator = await createMigrator(database)
      const { error, results } = await migrator.migrateTo(NO_MIGRATIONS)
      expect(error).toBeUndefined()
      expect(results?.map((r) => [r.migrationName, r.direction, r.status])).toEqual(
        [...ALL].reverse().map((name) => [name, 'Down', 'Success']),
      )
      expect(await tableNames(database)).toEqual([])
      expect(await migrateToLatest(database)).toEqual(ALL)
    })

    it('keeps its bookkeeping apart from other schemas and databases', async () => {
      // Another database (another PostgreSQL schema) already migrated must not look migrated here.
      await fresh(dialect).then(migrateToLatest)
      const database = await fresh(dialect)
      expect(await migrateToLatest(database)).toEqual(ALL)
    })
  })
}

describe.runIf(DIALECTS.includes('postgres'))('postgres, two instances', () => {
  it('both succeed when they migrate one schema at the same time', async () => {
    const { url } = await fresh('postgres')
    const instances = [reopen(url), reopen(url), reopen(url)]
    const applied = await Promise.all(instances.map((instance) => migrateToLatest(instance)))
    expect(applied.flat()).toEqual(ALL)
    const rows = await instances[0]!.db
      .selectFrom('workspaces')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .execute()
    expect(rows).toEqual([{ n: 0 }])
  })
})

describe('sqlite, two processes', () => {
  it('both succeed when they migrate one file at the same time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ltikit-migrate-'))
    cleanUps.push(async () => rmSync(dir, { recursive: true, force: true }))
    const script = join(dir, 'migrate.mjs')
    const store = fileURLToPath(new URL('.', import.meta.url))
    writeFileSync(
      script,
      [
        `const { openDatabase } = await import(${JSON.stringify(join(store, 'database.ts'))})`,
        `const { migrateToLatest } = await import(${JSON.stringify(join(store, 'migrate.ts'))})`,
        `const database = openDatabase(process.argv[2])`,
        `try { console.log(JSON.stringify(await migrateToLatest(database))) }`,
        `finally { await database.close() }`,
      ].join('\n'),
    )
    const file = join(dir, 'shared.db')
    const run = () =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', script, file], { timeout: 50_000 })
    const outputs = await Promise.all([run(), run()])
    const applied = outputs.flatMap(({ stdout }) => JSON.parse(stdout) as string[])
    expect(applied).toEqual(ALL)
  }, 60_000)
})
