import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type { Clock } from '../../core/ports.js'
import type { ContentItem, ResourceLink, ResourceLinkStore } from '../../platform/ports.js'
import { present } from '../present.js'
import { createReadCache } from '../read-cache.js'
import type { Database } from '../schema.js'
import { randomToken } from './random-token.js'
import type { PlatformContentItemsTable, PlatformResourceLinksTable } from './schema.js'

export interface ResourceLinkRepositoryOptions {
  /** How long a hit of `findLink` is answered from memory. Default 5 s; `0` disables the cache. */
  readonly cacheTtlMs?: number
}

export const LINK_CACHE_TTL_MS = 5_000

/** The link port plus what the line item repository calls when it unbinds links. */
export interface ResourceLinkRepository extends ResourceLinkStore {
  /** Drops cached links bound to `lineItemId` (it was deleted, so they are unbound). */
  forgetLineItem(lineItemId: string): void
}

/**
 * Resource links placed in contexts, and the deep-linked content items that are not links.
 *
 * `findLink` (every launch, twice) answers hits from this process's cache for `cacheTtlMs`.
 * Binding a line item through this process drops the entry at once; a binding changed through
 * another instance shows here after at most `cacheTtlMs` (a launch may name the old line item).
 * @see https://www.imsglobal.org/spec/lti/v1p3/#resource-link-claim
 */
export function resourceLinkRepository(
  db: Kysely<Database>,
  clock: Clock,
  { cacheTtlMs = LINK_CACHE_TTL_MS }: ResourceLinkRepositoryOptions = {},
): ResourceLinkRepository {
  const links = () => db.selectFrom('platform_resource_links').selectAll()
  const byId = createReadCache<ResourceLink>({ clock, ttlMs: cacheTtlMs })
  return {
    async createLink(input) {
      const row = {
        id: randomUUID(),
        context_id: input.contextId,
        tool_id: input.toolId,
        // Core 1.3 §5.3.5: the tool sees an opaque ID of its own, never our row ID.
        resource_link_id: randomToken('rl-'),
        title: input.title,
        text: input.text ?? null,
        url: input.url ?? null,
        custom_parameters: JSON.stringify(input.customParameters),
        line_item_id: input.lineItemId ?? null,
        presentation: input.presentation ?? ('iframe' as const),
        created_at: clock.now(),
      }
      await db.insertInto('platform_resource_links').values(row).execute()
      return toLink(row)
    },

    findLink(id) {
      return byId.get(id, async () => {
        const row = await links().where('id', '=', id).executeTakeFirst()
        return row && toLink(row)
      })
    },

    async findLinkByResourceLinkId(resourceLinkId) {
      const row = await links().where('resource_link_id', '=', resourceLinkId).executeTakeFirst()
      return row && toLink(row)
    },

    async listLinks(contextId) {
      const rows = await links()
        .where('context_id', '=', contextId)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
      return rows.map(toLink)
    },

    async setLinkLineItem(linkId, lineItemId) {
      try {
        await db
          .updateTable('platform_resource_links')
          .set({ line_item_id: lineItemId ?? null })
          .where('id', '=', linkId)
          .execute()
      } finally {
        byId.invalidate((link) => link.id === linkId)
      }
    },

    forgetLineItem(lineItemId) {
      byId.invalidate((link) => link.lineItemId === lineItemId)
    },

    async createContentItem(input) {
      const row = {
        id: randomUUID(),
        context_id: input.contextId,
        tool_id: input.toolId,
        type: input.type,
        title: input.title ?? null,
        text: input.text ?? null,
        url: input.url ?? null,
        html: input.html ?? null,
        raw: JSON.stringify(input.raw),
        created_at: clock.now(),
      }
      await db.insertInto('platform_content_items').values(row).execute()
      return toContentItem(row)
    },

    async listContentItems(contextId) {
      const rows = await db
        .selectFrom('platform_content_items')
        .selectAll()
        .where('context_id', '=', contextId)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
      return rows.map(toContentItem)
    },
  }
}

function toLink(row: Selectable<PlatformResourceLinksTable>): ResourceLink {
  return {
    id: row.id,
    contextId: row.context_id,
    toolId: row.tool_id,
    resourceLinkId: row.resource_link_id,
    title: row.title,
    ...present('text', row.text),
    ...present('url', row.url),
    customParameters: JSON.parse(row.custom_parameters) as ResourceLink['customParameters'],
    ...present('lineItemId', row.line_item_id),
    // PostgreSQL and SQLite both return the text as stored; anything else opens in the page.
    presentation: row.presentation === 'window' ? 'window' : 'iframe',
    createdAt: row.created_at,
  }
}

function toContentItem(row: Selectable<PlatformContentItemsTable>): ContentItem {
  return {
    id: row.id,
    contextId: row.context_id,
    toolId: row.tool_id,
    type: row.type,
    ...present('title', row.title),
    ...present('text', row.text),
    ...present('url', row.url),
    ...present('html', row.html),
    raw: JSON.parse(row.raw) as ContentItem['raw'],
    createdAt: row.created_at,
  }
}
