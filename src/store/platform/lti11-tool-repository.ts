import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type { Clock } from '../../core/ports.js'
import type { Lti11Tool, Lti11ToolStore } from '../../platform/ports.js'
import { createReadCache } from '../read-cache.js'
import type { Database } from '../schema.js'
import type { PlatformLti11ToolsTable } from './schema.js'
import { TOOL_CACHE_TTL_MS } from './tool-repository.js'

export interface Lti11ToolRepositoryOptions {
  /** How long a hit is answered from memory. Default 5 s; `0` disables the cache. */
  readonly cacheTtlMs?: number
}

/**
 * LTI 1.1 tools registered on the platform. The consumer key is unique, so a signed request
 * (a Basic Outcomes call) names exactly one tool. The shared secret is stored as given: sealed
 * by the caller with the SecretBox, like the platform's private keys.
 *
 * `findLti11Tool` (every 1.1 launch) and `findLti11ToolByConsumerKey` (every outcomes call)
 * answer hits from this process's cache for `cacheTtlMs`. A status change drops this process's
 * entries; another instance sees it after at most `cacheTtlMs`. Misses are not cached, so a new
 * tool is found at once everywhere.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export function lti11ToolRepository(
  db: Kysely<Database>,
  clock: Clock,
  { cacheTtlMs = TOOL_CACHE_TTL_MS }: Lti11ToolRepositoryOptions = {},
): Lti11ToolStore {
  const select = () => db.selectFrom('platform_lti11_tools').selectAll()
  const byId = createReadCache<Lti11Tool>({ clock, ttlMs: cacheTtlMs })
  const byConsumerKey = createReadCache<Lti11Tool>({ clock, ttlMs: cacheTtlMs })
  return {
    async createLti11Tool(input) {
      const row = {
        id: randomUUID(),
        name: input.name,
        launch_url: input.launchUrl,
        consumer_key: input.consumerKey,
        encrypted_shared_secret: input.encryptedSharedSecret,
        custom_parameters: JSON.stringify(input.customParameters),
        privacy: JSON.stringify(input.privacy),
        status: input.status ?? 'active',
        created_at: clock.now(),
      }
      // The unique consumer key decides a race between two registrations, on either dialect.
      const inserted = await db
        .insertInto('platform_lti11_tools')
        .values(row)
        .onConflict((oc) => oc.column('consumer_key').doNothing())
        .returning('id')
        .executeTakeFirst()
      return inserted && toLti11Tool(row)
    },

    findLti11Tool(id) {
      return byId.get(id, async () => {
        const row = await select().where('id', '=', id).executeTakeFirst()
        return row && toLti11Tool(row)
      })
    },

    findLti11ToolByConsumerKey(consumerKey) {
      return byConsumerKey.get(consumerKey, async () => {
        const row = await select().where('consumer_key', '=', consumerKey).executeTakeFirst()
        return row && toLti11Tool(row)
      })
    },

    async listLti11Tools() {
      const rows = await select().orderBy('created_at').orderBy('id').execute()
      return rows.map(toLti11Tool)
    },

    async setLti11ToolStatus(id, status) {
      await db.updateTable('platform_lti11_tools').set({ status }).where('id', '=', id).execute()
      // As for 1.3 tools: a tool disabled here may still be launched through another instance
      // for up to `cacheTtlMs`, until that instance's entry expires.
      byId.invalidate((tool) => tool.id === id)
      byConsumerKey.invalidate((tool) => tool.id === id)
      const row = await select().where('id', '=', id).executeTakeFirst()
      return row && toLti11Tool(row)
    },
  }
}

function toLti11Tool(row: Selectable<PlatformLti11ToolsTable>): Lti11Tool {
  return {
    id: row.id,
    name: row.name,
    launchUrl: row.launch_url,
    consumerKey: row.consumer_key,
    encryptedSharedSecret: row.encrypted_shared_secret,
    customParameters: JSON.parse(row.custom_parameters) as Lti11Tool['customParameters'],
    privacy: JSON.parse(row.privacy) as Lti11Tool['privacy'],
    status: row.status,
    createdAt: row.created_at,
  }
}
