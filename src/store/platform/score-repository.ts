import type { Kysely, Selectable } from 'kysely'
import type { ScoreRecord, ScoreStore } from '../../platform/ports.js'
import { present } from '../present.js'
import type { Database } from '../schema.js'
import type { PlatformScoresTable } from './schema.js'
import { createScoreWriter } from './score-writer.js'
import type { ScoreRow, ScoreWriterOptions } from './score-writer.js'

/**
 * The latest score of each user on each line item. Writes keep the newest timestamp, decided by
 * the database in one statement, so any number of instances may post at once; concurrent writes
 * share statements (see `createScoreWriter`).
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
export function scoreRepository(
  db: Kysely<Database>,
  options: ScoreWriterOptions = {},
): ScoreStore {
  const select = () => db.selectFrom('platform_scores').selectAll()
  const write = createScoreWriter(db, options)
  return {
    putScore(score) {
      return write(toRow(score))
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

function toRow(score: ScoreRecord): ScoreRow {
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
