import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type { Clock } from '../../core/ports.js'
import type {
  LineItem,
  LineItemStore,
  NewLineItem,
  SubmissionReview,
} from '../../platform/ports.js'
import { present } from '../present.js'
import { createReadCache } from '../read-cache.js'
import type { Database } from '../schema.js'
import type { PlatformLineItemsTable } from './schema.js'

type MutableFields = Omit<NewLineItem, 'contextId' | 'toolId'>

export interface LineItemRepositoryOptions {
  /** How long a hit of `findLineItem` is answered from memory. Default 5 s; `0` disables it. */
  readonly cacheTtlMs?: number
  /** Called once a line item is deleted: the links bound to it were unbound. */
  readonly onDeleted?: (lineItemId: string) => void
}

export const LINE_ITEM_CACHE_TTL_MS = 5_000

/**
 * Line items (gradebook columns) of each context and tool; `clock` stamps `createdAt` and ages
 * the cache.
 *
 * `findLineItem` (every score and line item call) answers hits from this process's cache for
 * `cacheTtlMs`. Updates and deletes through this process drop the entry at once. A line item
 * changed or deleted through another instance shows here after at most `cacheTtlMs`; a score
 * posted here to one deleted elsewhere meanwhile is refused by the database (`putScore` answers
 * `gone`).
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service
 */
export function lineItemRepository(
  db: Kysely<Database>,
  clock: Clock,
  { cacheTtlMs = LINE_ITEM_CACHE_TTL_MS, onDeleted }: LineItemRepositoryOptions = {},
): LineItemStore {
  const select = () => db.selectFrom('platform_line_items').selectAll()
  const byId = createReadCache<LineItem>({ clock, ttlMs: cacheTtlMs })
  const forget = (id: string) => byId.invalidate((item) => item.id === id)
  return {
    async createLineItem(input) {
      const row = {
        id: randomUUID(),
        context_id: input.contextId,
        tool_id: input.toolId,
        ...mutableColumns(input),
        created_at: clock.now(),
      }
      await db.insertInto('platform_line_items').values(row).execute()
      return toLineItem(row)
    },

    findLineItem(id) {
      return byId.get(id, async () => {
        const row = await select().where('id', '=', id).executeTakeFirst()
        return row && toLineItem(row)
      })
    },

    async listContextLineItems(contextId) {
      const rows = await select()
        .where('context_id', '=', contextId)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
      return rows.map(toLineItem)
    },

    async listLineItems({ contextId, toolId, linkId, resourceId, tag, limit, offset }) {
      // AGS 2.0 §3.2.3: the container filters on resource_link_id, resource_id and tag.
      let query = select().where('context_id', '=', contextId).where('tool_id', '=', toolId)
      if (linkId !== undefined) query = query.where('link_id', '=', linkId)
      if (resourceId !== undefined) query = query.where('resource_id', '=', resourceId)
      if (tag !== undefined) query = query.where('tag', '=', tag)
      const rows = await query
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit)
        .offset(offset)
        .execute()
      return rows.map(toLineItem)
    },

    async updateLineItem(id, changes) {
      // An AGS PUT replaces the line item, so optional fields it leaves out are cleared.
      const row = await db
        .updateTable('platform_line_items')
        .set(mutableColumns(changes))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst()
        .finally(() => forget(id))
      return row && toLineItem(row)
    },

    async deleteLineItem(id) {
      try {
        return await deleteWithScores(id)
      } finally {
        forget(id)
        onDeleted?.(id)
      }
    },
  }

  function deleteWithScores(id: string): Promise<boolean> {
    return db.transaction().execute(async (trx) => {
      // Explicit, because SQLite enforces ON DELETE CASCADE only with its pragma set.
      await trx.deleteFrom('platform_scores').where('line_item_id', '=', id).execute()
      await trx
        .updateTable('platform_resource_links')
        .set({ line_item_id: null })
        .where('line_item_id', '=', id)
        .execute()
      const { numDeletedRows } = await trx
        .deleteFrom('platform_line_items')
        .where('id', '=', id)
        .executeTakeFirst()
      return numDeletedRows > 0n
    })
  }
}

function mutableColumns(input: MutableFields) {
  return {
    link_id: input.linkId ?? null,
    label: input.label,
    score_maximum: input.scoreMaximum,
    resource_id: input.resourceId ?? null,
    tag: input.tag ?? null,
    start_date_time: input.startDateTime ?? null,
    end_date_time: input.endDateTime ?? null,
    grades_released: input.gradesReleased === undefined ? null : Number(input.gradesReleased),
    submission_review:
      input.submissionReview === undefined ? null : JSON.stringify(input.submissionReview),
  }
}

function toLineItem(row: Selectable<PlatformLineItemsTable>): LineItem {
  const submissionReview = row.submission_review
  return {
    id: row.id,
    contextId: row.context_id,
    toolId: row.tool_id,
    ...present('linkId', row.link_id),
    label: row.label,
    scoreMaximum: row.score_maximum,
    ...present('resourceId', row.resource_id),
    ...present('tag', row.tag),
    ...present('startDateTime', row.start_date_time),
    ...present('endDateTime', row.end_date_time),
    ...(row.grades_released !== null && { gradesReleased: row.grades_released === 1 }),
    ...(submissionReview !== null && {
      submissionReview: JSON.parse(submissionReview) as SubmissionReview,
    }),
    createdAt: row.created_at,
  }
}
