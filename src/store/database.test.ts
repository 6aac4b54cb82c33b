import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { DIALECTS, PG_TEST_URL } from '../../test/support/databases.js'
import { openDatabase } from './database.js'
import type { OpenedDatabase } from './database.js'

const opened: OpenedDatabase[] = []
const dirs: string[] = []
const open = (...args: Parameters<typeof openDatabase>) => {
  const database = openDatabase(...args)
  opened.push(database)
  return database
}
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ltikit-db-'))
  dirs.push(dir)
  return dir
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((database) => database.close()))
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('sqlite', () => {
  it('opens a sqlite: URL, creating the parent folder, with WAL and the pragmas set', async () => {
    const file = join(tempDir(), 'nested', 'deeper', 'ltikit.db')
    const { db, dialect } = open(`sqlite:${file}`)
    expect(dialect).toBe('sqlite')
    const pragma = async (name: string) =>
      (await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(db)).rows[0]
    expect(await pragma('journal_mode')).toEqual({ journal_mode: 'wal' })
    expect(await pragma('foreign_keys')).toEqual({ foreign_keys: 1 })
    expect(await pragma('busy_timeout')).toEqual({ timeout: 5000 })
    expect(await pragma('synchronous')).toEqual({ synchronous: 1 })
  })

  it('opens a bare path, a sqlite:// URL and :memory:', async () => {
    const dir = tempDir()
    for (const url of [
      join(dir, 'a', 'bare.db'),
      `sqlite://${join(dir, 'b', 'x.db')}`,
      ':memory:',
    ]) {
      const { db } = open(url)
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db)
      expect(rows).toEqual([{ one: 1 }])
    }
  })

  it('rejects a URL scheme it does not support', () => {
    expect(() => openDatabase('mysql://localhost/x')).toThrow(
      expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' }),
    )
  })

  it('close() may be called twice', async () => {
    const database = openDatabase(':memory:')
    await database.close()
    await expect(database.close()).resolves.toBeUndefined()
  })
})

describe.runIf(DIALECTS.includes('postgres'))('postgres', () => {
  it('reads int8 as numbers through a pool-local parser, leaving pg.types alone', async () => {
    const { db, dialect } = open(PG_TEST_URL.replace(/^postgres:/, 'postgresql:'))
    expect(dialect).toBe('postgres')
    const { rows } = await sql<{
      big: unknown
      n: unknown
    }>`select 9007199254740991::bigint as big, count(*) as n from (values (1), (2)) v(x)`.execute(
      db,
    )
    expect(rows).toEqual([{ big: 9007199254740991, n: 2 }])
    expect(pg.types.getTypeParser(20, 'text')('5')).toBe('5')
  })

  it('refuses an int8 beyond 2^53 rather than rounding it', async () => {
    const { db } = open(PG_TEST_URL)
    await expect(sql`select 9007199254740993::bigint as big`.execute(db)).rejects.toThrow(
      RangeError,
    )
  })

  it('sets the search_path option on every pooled connection', async () => {
    const { db } = open(PG_TEST_URL, { searchPath: 'some_schema, public', max: 2 })
    const results = await Promise.all(
      [1, 2, 3].map(() => sql<{ search_path: string }>`show search_path`.execute(db)),
    )
    for (const { rows } of results) expect(rows).toEqual([{ search_path: 'some_schema,public' }])
  })

  it('rejects a search path that is not a list of schema names', () => {
    expect(() => openDatabase(PG_TEST_URL, { searchPath: 'x; drop table y' })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    )
  })
})
