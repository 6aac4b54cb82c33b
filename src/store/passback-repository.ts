import type { ExpressionBuilder, Kysely, Selectable } from 'kysely'
import type {
  PassbackJob,
  PassbackQueue,
  ScoreLedger,
  ScoreLedgerEntry,
  ScoreLedgerKey,
} from '../tool/ports.js'
import type { DialectName } from './database.js'
import { storeDialectOf } from './dialect/store-dialect.js'
import { present } from './present.js'
import type { Database, PassbackJobsTable } from './schema.js'

export interface PassbackRepository extends PassbackQueue, ScoreLedger {
  /** Every job of these attempts. */
  listJobs(attemptIds: readonly string[]): Promise<PassbackJob[]>
  /**
   * Puts the attempt's `failed` and `not_applicable` jobs back in the queue, due `now`, with
   * their runs counted from zero (a manual retry). Returns how many.
   */
  requeue(attemptId: string, now: number): Promise<number>
}

/**
 * The durable passback queue and the best-of-N ledger, in portable SQL.
 *
 * The claim is one statement: `WITH due_jobs AS MATERIALIZED (SELECT id … LIMIT n) UPDATE …
 * WHERE id IN due_jobs AND <due>`. Repeating the due condition on the update is what makes it
 * atomic on PostgreSQL: a row another instance claimed meanwhile is re-checked once that
 * instance commits (READ COMMITTED re-evaluates the WHERE on the new row version) and no longer
 * matches. On PostgreSQL the candidates are also picked `FOR UPDATE SKIP LOCKED` (the one
 * dialect difference, too small for `dialect/`), so concurrent claims spread over the jobs
 * instead of waiting on the same rows; SQLite runs one writer at a time. The ledger lock is an
 * `INSERT … ON CONFLICT DO UPDATE … WHERE <free>`, which both dialects evaluate on the locked,
 * latest row.
 */
export function passbackRepository(
  db: Kysely<Database>,
  dialect: DialectName = storeDialectOf(db).name,
): PassbackRepository {
  const due = (eb: ExpressionBuilder<Database, 'passback_jobs'>, now: number) =>
    eb.or([
      eb.and([eb('state', '=', 'pending'), eb('run_at', '<=', now)]),
      // A run that crashed (or stalled past its lease) gives its job back.
      eb.and([eb('state', '=', 'running'), eb('lease_expires_at', '<=', now)]),
    ])

  const ledgerKey = (key: ScoreLedgerKey) => ({
    registration_id: key.registrationId,
    line_item_url: key.lineItemUrl,
    user_id: key.userId,
  })

  return {
    async claim({ now, limit, leaseMs, token }) {
      let candidates = db
        .selectFrom('passback_jobs')
        .select('id')
        .where((eb) => due(eb, now))
        .orderBy('run_at')
        .orderBy('id')
        .limit(limit)
      // PostgreSQL: instances claiming at once take different jobs instead of queueing on the
      // same rows (and one of them coming back empty). SQLite has one writer anyway.
      if (dialect === 'postgres') candidates = candidates.forUpdate().skipLocked()
      const rows = await db
        // Materialised: evaluated once. As a plain `IN (…)` PostgreSQL may rescan the subquery
        // per row, and with SKIP LOCKED each rescan can pick other rows: more than `limit`.
        .with(
          (cte) => cte('due_jobs').materialized(),
          () => candidates,
        )
        .updateTable('passback_jobs')
        .set((eb) => ({
          state: 'running',
          lease_token: token,
          lease_expires_at: now + leaseMs,
          tries: eb('tries', '+', 1),
          updated_at: now,
        }))
        .where('id', 'in', (eb) => eb.selectFrom('due_jobs').select('id'))
        .where((eb) => due(eb, now))
        .returningAll()
        .execute()
      return rows.map(toPassbackJob)
    },

    async complete(job, outcome, now) {
      const common = { lease_token: null, lease_expires_at: null, updated_at: now }
      let query = db.updateTable('passback_jobs')
      switch (outcome.state) {
        case 'succeeded':
          query = query.set({
            ...common,
            state: 'succeeded',
            posted_score: outcome.postedScore ?? null,
            last_error_code: null,
            last_error: null,
          })
          break
        case 'pending':
          query = query.set((eb) => ({
            ...common,
            state: 'pending',
            run_at: outcome.runAt,
            // A deferred run (a busy lock) did nothing: it does not count.
            ...(outcome.countsAsTry ? {} : { tries: eb('tries', '-', 1) }),
            ...(outcome.errorCode === undefined
              ? {}
              : { last_error_code: outcome.errorCode, last_error: outcome.error ?? null }),
          }))
          break
        default:
          query = query.set({
            ...common,
            state: outcome.state,
            last_error_code: outcome.errorCode,
            last_error: outcome.error ?? null,
          })
      }
      const result = await query
        .where('id', '=', job.id)
        .where('state', '=', 'running')
        .where('lease_token', '=', job.leaseToken ?? '')
        .executeTakeFirst()
      return result.numUpdatedRows > 0n
    },

    async acquire(key, token, until, now) {
      const row = await db
        .insertInto('passback_ledger')
        .values({ ...ledgerKey(key), lock_token: token, lock_expires_at: until, updated_at: now })
        .onConflict((oc) =>
          oc
            .columns(['registration_id', 'line_item_url', 'user_id'])
            .doUpdateSet({ lock_token: token, lock_expires_at: until, updated_at: now })
            .where((eb) =>
              eb.or([
                eb('passback_ledger.lock_token', 'is', null),
                eb('passback_ledger.lock_expires_at', '<=', now),
              ]),
            ),
        )
        .returning(['best_score', 'uncertain_score', 'last_timestamp'])
        .executeTakeFirst()
      if (!row) return undefined
      const entry: ScoreLedgerEntry = {
        ...present('bestScore', row.best_score),
        ...present('uncertainScore', row.uncertain_score),
        ...present('lastTimestamp', row.last_timestamp),
      }
      return entry
    },

    async release(key, token, next) {
      const k = ledgerKey(key)
      const result = await db
        .updateTable('passback_ledger')
        .set({
          lock_token: null,
          lock_expires_at: null,
          ...(next
            ? {
                best_score: next.bestScore ?? null,
                uncertain_score: next.uncertainScore ?? null,
                last_timestamp: next.lastTimestamp ?? null,
              }
            : {}),
        })
        .where('registration_id', '=', k.registration_id)
        .where('line_item_url', '=', k.line_item_url)
        .where('user_id', '=', k.user_id)
        .where('lock_token', '=', token)
        .executeTakeFirst()
      return result.numUpdatedRows > 0n
    },

    async listJobs(attemptIds) {
      if (attemptIds.length === 0) return []
      const rows = await db
        .selectFrom('passback_jobs')
        .selectAll()
        .where('attempt_id', 'in', [...attemptIds])
        .orderBy('created_at')
        .orderBy('id')
        .execute()
      return rows.map(toPassbackJob)
    },

    async requeue(attemptId, now) {
      const result = await db
        .updateTable('passback_jobs')
        .set({ state: 'pending', run_at: now, tries: 0, updated_at: now })
        .where('attempt_id', '=', attemptId)
        .where('state', 'in', ['failed', 'not_applicable'])
        .executeTakeFirst()
      return Number(result.numUpdatedRows)
    },
  }
}

/** A stored job as the tool sees it. */
export function toPassbackJob(row: Selectable<PassbackJobsTable>): PassbackJob {
  return {
    id: row.id,
    attemptId: row.attempt_id,
    resultId: row.result_id,
    score: row.score,
    state: row.state,
    runAt: row.run_at,
    tries: row.tries,
    ...present('leaseToken', row.lease_token),
    ...present('leaseExpiresAt', row.lease_expires_at),
    ...present('lastErrorCode', row.last_error_code),
    ...present('lastError', row.last_error),
    ...present('postedScore', row.posted_score),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
