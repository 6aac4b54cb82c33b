import { Migrator, sql } from 'kysely'
import type { Kysely, Migration, MigrationProvider, MigrationResult } from 'kysely'
import type { DialectName } from './database.js'
import * as initial from './migrations/2026-11-22T2100-initial.js'
import * as usedNonces from './migrations/2026-11-22T2200-used-nonces.js'
import * as platform from './migrations/2026-11-23T0100-platform.js'
import * as passback from './migrations/2026-11-23T0200-passback.js'
import * as rosters from './migrations/2026-11-23T0300-rosters.js'
import * as toolStatus from './migrations/2026-11-23T0400-tool-status.js'
import * as workspaceAdmins from './migrations/2026-11-23T0500-workspace-admins.js'
import * as scenarioScripts from './migrations/2026-11-23T0600-scenario-scripts.js'
import * as platformUi from './migrations/2026-11-23T0700-platform-ui.js'
import * as platformLti11 from './migrations/2026-11-23T0800-platform-lti11.js'
import * as toolLti11 from './migrations/2026-11-23T0900-tool-lti11.js'

/**
 * Every migration, imported explicitly so the list works from `src` under vitest and from the
 * compiled `dist` alike (no directory scan). Add new files here, in name order.
 */
const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '2026-11-22T2100-initial': initial,
  '2026-11-22T2200-used-nonces': usedNonces,
  '2026-11-23T0100-platform': platform,
  '2026-11-23T0200-passback': passback,
  '2026-11-23T0300-rosters': rosters,
  '2026-11-23T0400-tool-status': toolStatus,
  '2026-11-23T0500-workspace-admins': workspaceAdmins,
  '2026-11-23T0600-scenario-scripts': scenarioScripts,
  '2026-11-23T0700-platform-ui': platformUi,
  '2026-11-23T0800-platform-lti11': platformLti11,
  '2026-11-23T0900-tool-lti11': toolLti11,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
}

export interface MigratableDatabase {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
  readonly db: Kysely<any>
  readonly dialect: DialectName
}

/**
 * A Kysely `Migrator` over the bundled migrations. On PostgreSQL its bookkeeping tables live in
 * the connection's current schema: Kysely's existence check otherwise matches a
 * `kysely_migration` table in any schema of the database.
 */
export async function createMigrator({ db, dialect }: MigratableDatabase): Promise<Migrator> {
  const migrationTableSchema = dialect === 'postgres' ? await currentSchema(db) : undefined
  return new Migrator({ db, provider: migrationProvider, migrationTableSchema })
}

/**
 * Applies every pending migration; a no-op when the schema is current. Safe to run from several
 * instances at once: on PostgreSQL Kysely holds an advisory lock and migrates in one
 * transaction. Kysely runs SQLite migrations unlocked and outside a transaction, so here they run
 * inside `BEGIN IMMEDIATE`: another process waits (busy_timeout) and then finds nothing to do.
 * @returns the names of the migrations applied by this call.
 */
export async function migrateToLatest(database: MigratableDatabase): Promise<string[]> {
  if (database.dialect === 'postgres') return run(database)
  return database.db.connection().execute(async (db) => {
    await sql`begin immediate`.execute(db)
    try {
      const applied = await run({ db, dialect: database.dialect })
      await sql`commit`.execute(db)
      return applied
    } catch (error) {
      await sql`rollback`.execute(db)
      throw error
    }
  })
}

async function run(database: MigratableDatabase): Promise<string[]> {
  const migrator = await createMigrator(database)
  const { error, results = [] } = await migrator.migrateToLatest()
  if (error !== undefined) throw migrationError(error, results)
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see MigratableDatabase
async function currentSchema(db: Kysely<any>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
    db,
  )
  const schema = rows[0]?.schema
  if (!schema) throw new Error('no schema of the PostgreSQL search_path exists; create it first')
  return schema
}

function migrationError(error: unknown, results: readonly MigrationResult[]): Error {
  const failed = results.find((r) => r.status === 'Error')?.migrationName
  return new Error(failed ? `migration ${failed} failed` : 'migration failed', { cause: error })
}
