import type { Kysely, Selectable } from 'kysely'
import type { ScoreRecord, ScoreStore } from '../../platform/ports.js'
import { present } from '../present.js'
import type { Database } from '../schema.js'
import type { PlatformScoresTable } from './schema.js'

/**
 * The latest score of each user on each line item. Writes keep the newest timestamp, decided by
 * the database in one statement, so any number of instances may post at once.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
export function scoreRepository(db: Kysely<Database>): ScoreStore {
  const select = () => db.selectFrom('platform_scores').selectAll()
  return {
    async putScore(score) {
      // AGS 2.0 §3.4.6: a score not newer than the stored one must not replace it. The upsert's
      // WHERE reads the row under its lock (PostgreSQL) or write lock (SQLite), so of two racing
      // writes the older never lands last; a row comes back only when this one was written.
      const written = await db
        .insertInto('platform_scores')
        .values(toRow(score))
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
        .returning('line_item_id')
        .executeTakeFirst()
        .catch((error: unknown) => {
          // The line item was deleted after the caller read it (on another instance, whose
          // delete this instance's cache has not seen yet): not a server fault.
          if (isForeignKeyViolation(error)) return 'gone' as const
          throw error
        })
      if (written === 'gone') return written
      return written ? 'stored' : 'stale'
    },

    async findScore(lineItemId, userId) {
      const row = await select()
        .where('line_item_id', '=', lineItemId)
        .where('user_id', '=', userId)
        .executeTakeFirst()
      return row && toScore(row)
    },

    async listScores(lineItemId, { limit, offset, userId }) {
      let query = select().where('line_item_id', '=', lineItemId)
      if (userId !== undefined) query = query.where('user_id', '=', userId)
      const rows = await query.orderBy('user_id').limit(limit).offset(offset).execute()
      return rows.map(toScore)
    },

    async listContextScores(contextId) {
      const rows = await db
        .selectFrom('platform_scores as s')
        .innerJoin('platform_line_items as l', 'l.id', 's.line_item_id')
        .selectAll('s')
        .where('l.context_id', '=', contextId)
        .orderBy('l.created_at')
        .orderBy('s.line_item_id')
        .orderBy('s.user_id')
        .execute()
      return rows.map(toScore)
    },
  }
}

/** PostgreSQL's `foreign_key_violation` (SQLSTATE 23503), or SQLite's (foreign_keys is on). */
function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
}

function toRow(score: ScoreRecord): Selectable<PlatformScoresTable> {
  return {
    line_item_id: score.lineItemId,
    user_id: score.userId,
    score_given: score.scoreGiven ?? null,
    score_maximum: score.scoreMaximum ?? null,
    comment: score.comment ?? null,
    activity_progress: score.activityProgress,
    grading_progress: score.gradingProgress,
    timestamp: score.timestamp,
    timestamp_micros: score.timestampMicros,
    submission: score.submission === undefined ? null : JSON.stringify(score.submission),
    received_at: score.receivedAt,
  }
}

function toScore(row: Selectable<PlatformScoresTable>): ScoreRecord {
  const submission = row.submission
  return {
    lineItemId: row.line_item_id,
    userId: row.user_id,
    ...present('scoreGiven', row.score_given),
    ...present('scoreMaximum', row.score_maximum),
    ...present('comment', row.comment),
    activityProgress: row.activity_progress,
    gradingProgress: row.grading_progress,
    timestamp: row.timestamp,
    timestampMicros: row.timestamp_micros,
    ...(submission !== null && {
      submission: JSON.parse(submission) as ScoreRecord['submission'],
    }),
    receivedAt: row.received_at,
  }
}
