import pg from 'pg'
import { DIALECTS, PG_TEST_URL } from './databases.js'

/** Fails the run up front when PostgreSQL is in the matrix but cannot be reached. */
export default async function globalSetup(): Promise<void> {
  if (!DIALECTS.includes('postgres')) return
  const client = new pg.Client({ connectionString: PG_TEST_URL, connectionTimeoutMillis: 5_000 })
  try {
    await client.connect()
    await client.query('select 1')
  } catch (error) {
    throw new Error(
      `PostgreSQL required at ${redact(PG_TEST_URL)}; start it or set LTIKIT_TEST_PG=off outside CI`,
      { cause: error },
    )
  } finally {
    await client.end().catch(() => undefined)
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(unparsable LTIKIT_TEST_DATABASE_URL)'
  }
}
