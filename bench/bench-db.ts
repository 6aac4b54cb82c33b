/**
 * Fresh PostgreSQL databases for the benchmark, created and dropped through `pg` (no createdb
 * binary), and the CPU the database backends spend serving one of them.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { cpuTicks } from './children.js'

/** Where the bench creates its databases; override with BENCH_PG_URL. */
export const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** A database that exists for one server under test. */
export interface BenchDatabase {
  readonly name: string
  /** Connection URL of the new database (same server and user as the admin URL). */
  readonly url: string
  /** Summed utime + stime (ticks) of the postgres backends connected to this database. */
  backendTicks(): Promise<Map<number, number>>
  drop(): Promise<void>
}

const created = new Set<string>()
let admin: pg.Client | undefined

async function adminClient(): Promise<pg.Client> {
  if (admin === undefined) {
    const client = new pg.Client({ connectionString: ADMIN_URL })
    await client.connect()
    admin = client
  }
  return admin
}

/**
 * Creates `bench_<label>_<random>` on the admin server.
 * @param label - Lower-case letters only; names the server under test.
 */
export async function createBenchDatabase(label: string): Promise<BenchDatabase> {
  const name = `bench_${label}_${randomBytes(4).toString('hex')}`
  const client = await adminClient()
  await client.query(`CREATE DATABASE ${name}`)
  created.add(name)
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  return {
    name,
    url: url.toString(),
    async backendTicks() {
      const { rows } = await client.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = $1',
        [name],
      )
      const ticks = new Map<number, number>()
      for (const { pid } of rows) ticks.set(pid, cpuTicks(pid) ?? 0)
      return ticks
    },
    drop: () => dropDatabase(name),
  }
}

async function dropDatabase(name: string): Promise<void> {
  if (!created.delete(name)) return
  const client = await adminClient()
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
}

/** Drops every database this process created, then closes the admin connection. */
export async function dropAllBenchDatabases(): Promise<void> {
  for (const name of [...created]) {
    await dropDatabase(name).catch((err: unknown) => console.error(`drop ${name} failed:`, err))
  }
  await admin?.end().catch(() => undefined)
  admin = undefined
}

/**
 * Ticks spent by backends between two snapshots; a backend that connected in between counts
 * from zero, one that disconnected is lost (the pools here keep their connections open).
 */
export function backendTicksBetween(
  before: Map<number, number>,
  after: Map<number, number>,
): number {
  let total = 0
  for (const [pid, ticks] of after) total += ticks - (before.get(pid) ?? 0)
  return total
}
