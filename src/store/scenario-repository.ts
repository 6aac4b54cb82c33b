import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import { systemClock } from '../core/ports.js'
import type { Clock } from '../core/ports.js'
import type { Scenario } from '../tool/ports.js'
import { present } from './present.js'
import { createReadCache } from './read-cache.js'
import type { Database, ScenariosTable } from './schema.js'

export interface ScenarioInput {
  readonly slug: string
  readonly title: string
  readonly description?: string
  /** JSON text of a script the caller has checked (`parseScenarioScript`). */
  readonly script?: string
}

/** What an edit may change; the slug stays, since LMS activities name the scenario by it. */
export interface ScenarioUpdate {
  readonly title: string
  /** Absent or `undefined` clears the description. */
  readonly description?: string
  /** Absent or `undefined` removes the script. */
  readonly script?: string
}

export interface ScenarioRepository {
  /** @returns `'duplicate'` when the workspace already has a scenario with this slug. */
  create(workspaceId: string, input: ScenarioInput): Promise<Scenario | 'duplicate'>
  /** @returns the updated scenario, or `undefined` when the workspace has none with this ID. */
  update(workspaceId: string, id: string, update: ScenarioUpdate): Promise<Scenario | undefined>
  /** Served from this process's cache when found within `cacheTtlMs`; see `scenarioRepository`. */
  find(workspaceId: string, idOrSlug: string): Promise<Scenario | undefined>
  list(workspaceId: string): Promise<Scenario[]>
}

export interface ScenarioRepositoryOptions {
  /** How long `find` answers a hit from memory. Default 5 s; `0` disables the cache. */
  readonly cacheTtlMs?: number
}

export const SCENARIO_CACHE_TTL_MS = 5_000

/**
 * Scenarios of a workspace; `clock` stamps `createdAt` and ages the cache of `find`, which a launch
 * naming a scenario calls. Only hits are cached, so a new scenario opens at once on every instance.
 * Creating one cannot change a cached hit (an ID match wins over a slug, slugs are unique in a
 * workspace and IDs are new), so nothing is invalidated; an update drops this process's entries
 * of the scenario, and other instances serve the old version until theirs expire.
 */
export function scenarioRepository(
  db: Kysely<Database>,
  clock: Clock = systemClock,
  { cacheTtlMs = SCENARIO_CACHE_TTL_MS }: ScenarioRepositoryOptions = {},
): ScenarioRepository {
  const cache = createReadCache<Scenario>({ clock, ttlMs: cacheTtlMs })
  return {
    async create(workspaceId, { slug, title, description, script }) {
      const row = {
        id: randomUUID(),
        workspace_id: workspaceId,
        slug,
        title,
        description: description ?? null,
        script: script ?? null,
        created_at: clock.now(),
      }
      const inserted = await db
        .insertInto('scenarios')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst()
      return inserted ? toScenario(row) : 'duplicate'
    },

    async update(workspaceId, id, { title, description, script }) {
      const row = await db
        .updateTable('scenarios')
        .set({ title, description: description ?? null, script: script ?? null })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst()
      cache.invalidate((scenario) => scenario.id === id)
      return row && toScenario(row)
    },

    find(workspaceId, idOrSlug) {
      return cache.get(JSON.stringify([workspaceId, idOrSlug]), async () => {
        const rows = await db
          .selectFrom('scenarios')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
          .limit(2)
          .execute()
        const row = rows.find((r) => r.id === idOrSlug) ?? rows[0]
        return row && toScenario(row)
      })
    },

    async list(workspaceId) {
      const rows = await db
        .selectFrom('scenarios')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('created_at')
        .orderBy('slug')
        .execute()
      return rows.map(toScenario)
    },
  }
}

function toScenario(row: Selectable<ScenariosTable>): Scenario {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    slug: row.slug,
    title: row.title,
    ...present('description', row.description),
    ...present('script', row.script),
    createdAt: row.created_at,
  }
}
