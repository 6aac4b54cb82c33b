import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import pg from 'pg'
import type { Database } from './schema.js'

export type DialectName = 'sqlite' | 'postgres'

export interface OpenDatabaseOptions {
  /** PostgreSQL pool size. Default 10. */
  readonly max?: number
  /** PostgreSQL `search_path`: one schema name or a comma-separated list. */
  readonly searchPath?: string
}

export interface OpenedDatabase {
  readonly db: Kysely<Database>
  readonly dialect: DialectName
  /** Closes the pool or file; safe to call more than once. */
  close(): Promise<void>
}

const POSTGRES_URL = /^postgres(?:ql)?:\/\//i
const OTHER_URL = /^[a-z][a-z0-9+.-]*:\/\//i
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/
const INT8_OID = 20

/**
 * Opens the database named by `url`: `postgres://` or `postgresql://` gives a PostgreSQL pool;
 * anything else is a SQLite file (`sqlite:./data/ltikit.db`, a bare path or `:memory:`).
 * Run `migrateToLatest` before use.
 * @throws TypeError `ERR_INVALID_ARG_VALUE` for an unsupported URL scheme or search path.
 */
export function openDatabase(url: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  if (POSTGRES_URL.test(url)) return openPostgres(url, options)
  if (OTHER_URL.test(url) && !/^sqlite:/i.test(url)) {
    throw invalidArgument(`unsupported database URL scheme in "${url.split(':')[0]}:"`)
  }
  return openSqlite(sqlitePath(url))
}

function openPostgres(url: string, options: OpenDatabaseOptions): OpenedDatabase {
  const pool = new pg.Pool({
    connectionString: options.searchPath ? withSearchPath(url, options.searchPath) : url,
    max: options.max ?? 10,
    // Pool-local, so another library's pg in this process keeps its own parsing. Times are
    // int8 epoch milliseconds: well inside Number.MAX_SAFE_INTEGER.
    types: { getTypeParser: typeParser },
  })
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return { db, dialect: 'postgres', close: once(() => db.destroy()) }
}

function openSqlite(file: string): OpenedDatabase {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true })
  const sqlite = new SQLite(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('synchronous = NORMAL')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  return { db, dialect: 'sqlite', close: once(() => db.destroy()) }
}

function sqlitePath(url: string): string {
  if (!/^sqlite:/i.test(url)) return url
  const rest = url.slice('sqlite:'.length)
  // `sqlite:///abs/path` and `sqlite://./rel` read as the path after the slashes.
  return rest.startsWith('//') ? rest.slice(2) : rest
}

function withSearchPath(url: string, searchPath: string): string {
  const schemas = searchPath.split(',').map((name) => name.trim())
  if (!schemas.every((name) => IDENTIFIER.test(name))) {
    throw invalidArgument(`searchPath must be a comma-separated list of schema names`)
  }
  // pg lets URL parameters override the config object, so the option goes into the URL.
  const parsed = new URL(url)
  const options = parsed.searchParams.get('options')
  const setting = `-c search_path=${schemas.join(',')}`
  parsed.searchParams.set('options', options ? `${options} ${setting}` : setting)
  return parsed.toString()
}

const typeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === INT8_OID && format !== 'binary'
    ? parseInt8
    : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser']

function parseInt8(value: string): number {
  const number = Number(value)
  if (!Number.isSafeInteger(number)) throw new RangeError(`int8 value ${value} exceeds 2^53`)
  return number
}

function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined
  return () => (closing ??= close())
}

function invalidArgument(message: string): TypeError {
  return Object.assign(new TypeError(message), { code: 'ERR_INVALID_ARG_VALUE' })
}
