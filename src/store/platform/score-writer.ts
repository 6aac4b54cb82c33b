import { createQueryId } from 'kysely'
import type { CompiledQuery, Kysely, Selectable } from 'kysely'
import type { ScoreWriteOutcome } from '../../platform/ports.js'
import type { Database } from '../schema.js'
import type { PlatformScoresTable } from './schema.js'

export type ScoreRow = Selectable<PlatformScoresTable>

export interface ScoreWriterOptions {
  /** Upserts in flight at once; scores arriving meanwhile wait and go together. Default 2. */
  readonly maxStatements?: number
  /** Rows per upsert at most. Default 50. */
  readonly maxRows?: number
}

/** Writes scores, keeping only a newer one per (line item, user): see {@link createScoreWriter}. */
export type ScoreWriter = (row: ScoreRow) => Promise<ScoreWriteOutcome>

interface Waiting {
  readonly row: ScoreRow
  readonly resolve: (outcome: ScoreWriteOutcome) => void
  readonly reject: (error: unknown) => void
}

/**
 * Score upserts, grouped. A score is written at once while fewer than `maxStatements` upserts
 * are in flight; beyond that, scores wait and the next upsert writes all of them (up to
 * `maxRows`), one row each: under load a statement, its round trip and its parse are shared,
 * and a lone score waits for nothing. Each row keeps its own outcome: `stored` when the database
 * wrote it, `stale` when an equal or newer score was there (the upsert's WHERE decides, under
 * the row's lock, so instances may race freely), `gone` when its line item was deleted. A
 * statement of several rows that fails is tried again row by row, so a bad row fails alone.
 *
 * Two scores of one (line item, user) never share an upsert (PostgreSQL refuses to update a row
 * twice in one statement): the later one waits for the next, and the timestamps decide between
 * them there, as between instances.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
export function createScoreWriter(
  db: Kysely<Database>,
  { maxStatements = 2, maxRows = 50 }: ScoreWriterOptions = {},
): ScoreWriter {
  let waiting: Waiting[] = []
  let running = 0
  const compile = compiledBySize(db)

  async function drain(): Promise<void> {
    running += 1
    try {
      while (waiting.length > 0) await write(takeBatch())
    } finally {
      running -= 1
    }
  }

  /** The oldest waiting scores, one per (line item, user), at most `maxRows`. */
  function takeBatch(): Waiting[] {
    const batch: Waiting[] = []
    const later: Waiting[] = []
    const keys = new Set<string>()
    for (const item of waiting) {
      const key = keyOf(item.row)
      if (batch.length < maxRows && !keys.has(key)) {
        keys.add(key)
        batch.push(item)
      } else {
        later.push(item)
      }
    }
    waiting = later
    return batch
  }

  async function write(batch: Waiting[]): Promise<void> {
    try {
      const result = await db.executeQuery<{ line_item_id: string; user_id: string }>(
        compile(batch.map((w) => w.row)),
      )
      const written = new Set(result.rows.map(keyOf))
      for (const w of batch) w.resolve(written.has(keyOf(w.row)) ? 'stored' : 'stale')
    } catch (error) {
      const [only] = batch
      if (batch.length > 1) {
        // One row failed and took the statement with it: write each alone, so only it fails.
        await Promise.all(batch.map((w) => write([w])))
      } else if (isForeignKeyViolation(error)) {
        // The line item was deleted after the caller read it (on another instance, whose
        // delete this instance's cache has not seen yet): not a server fault.
        only?.resolve('gone')
      } else {
        only?.reject(error)
      }
    }
  }

  return (row) =>
    new Promise<ScoreWriteOutcome>((resolve, reject) => {
      waiting.push({ row, resolve, reject })
      if (running < maxStatements) void drain()
    })
}

/**
 * The upsert of `n` rows, built and compiled by Kysely once per `n` and then run with the rows'
 * values: building and compiling it cost more CPU than sending it. Every row has the same
 * columns in the same order and the statement has no parameters but the rows' values; that is
 * checked on each first compile, and any mismatch compiles every time. Plugins still see every
 * statement (a query counter, a logger), but the SQL is the first one's, as rewritten by them.
 */
function compiledBySize(db: Kysely<Database>): (rows: ScoreRow[]) => CompiledQuery {
  const compiled = new Map<number, CompiledQuery | 'no'>()
  return (rows) => {
    const parameters = rows.flatMap((row) => Object.values(row))
    const known = compiled.get(rows.length)
    if (known && known !== 'no') {
      const queryId = createQueryId()
      db.getExecutor().transformQuery(known.query, queryId)
      return { ...known, queryId, parameters }
    }
    const query = upsertQuery(db, rows).compile()
    if (known === undefined) {
      const reusable =
        query.parameters.length === parameters.length &&
        query.parameters.every((value, i) => value === parameters[i])
      compiled.set(rows.length, reusable ? query : 'no')
    }
    return query
  }
}

function upsertQuery(db: Kysely<Database>, rows: ScoreRow[]) {
  // AGS 2.0 §3.4.6: a score not newer than the stored one must not replace it. The upsert's
  // WHERE reads the row under its lock (PostgreSQL) or write lock (SQLite), so of two racing
  // writes the older never lands last; a row comes back only when it was written.
  return db
    .insertInto('platform_scores')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['line_item_id', 'user_id'])
        .doUpdateSet((eb) => ({
          score_given: eb.ref('excluded.score_given'),
          score_maximum: eb.ref('excluded.score_maximum'),
          comment: eb.ref('excluded.comment'),
          activity_progress: eb.ref('excluded.activity_progress'),
          grading_progress: eb.ref('excluded.grading_progress'),
          timestamp: eb.ref('excluded.timestamp'),
          timestamp_micros: eb.ref('excluded.timestamp_micros'),
          submission: eb.ref('excluded.submission'),
          received_at: eb.ref('excluded.received_at'),
        }))
        .where((eb) =>
          eb('excluded.timestamp_micros', '>', eb.ref('platform_scores.timestamp_micros')),
        ),
    )
    .returning(['line_item_id', 'user_id'])
}

function keyOf(row: { line_item_id: string; user_id: string }): string {
  return `${row.line_item_id}\n${row.user_id}`
}

/** PostgreSQL's `foreign_key_violation` (SQLSTATE 23503), or SQLite's (foreign_keys is on). */
function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
}
