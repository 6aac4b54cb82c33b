import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import { systemClock } from '../core/ports.js'
import type { Clock } from '../core/ports.js'
import type { Workspace } from '../tool/ports.js'
import { createReadCache } from './read-cache.js'
import type { Database, WorkspacesTable } from './schema.js'

export interface WorkspaceRepository {
  /** @returns `'duplicate'` when the slug is taken. */
  create(input: { name: string; slug: string }): Promise<Workspace | 'duplicate'>
  /** Served from this process's cache when found within `cacheTtlMs`; see `workspaceRepository`. */
  find(idOrSlug: string): Promise<Workspace | undefined>
  list(): Promise<Workspace[]>
}

export interface WorkspaceRepositoryOptions {
  /** How long `find` answers a hit from memory. Default 30 s; `0` disables the cache. */
  readonly cacheTtlMs?: number
}

/** Workspaces change least of all: a name or slug is fixed once created. */
export const WORKSPACE_CACHE_TTL_MS = 30_000

/**
 * Workspaces; `clock` stamps `createdAt` and ages the cache of `find`. Only hits are cached, so a
 * new workspace is found at once on every instance. Creating one cannot change a cached hit (an ID
 * match wins over a slug, slugs are unique and IDs are new), so nothing is invalidated.
 */
export function workspaceRepository(
  db: Kysely<Database>,
  clock: Clock = systemClock,
  { cacheTtlMs = WORKSPACE_CACHE_TTL_MS }: WorkspaceRepositoryOptions = {},
): WorkspaceRepository {
  const cache = createReadCache<Workspace>({ clock, ttlMs: cacheTtlMs })
  return {
    async create({ name, slug }) {
      const row = { id: randomUUID(), slug, name, created_at: clock.now() }
      const inserted = await db
        .insertInto('workspaces')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst()
      return inserted ? toWorkspace(row) : 'duplicate'
    },

    find(idOrSlug) {
      return cache.get(idOrSlug, async () => {
        const rows = await db
          .selectFrom('workspaces')
          .selectAll()
          .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
          .limit(2)
          .execute()
        // An ID match wins over a slug that happens to spell another workspace's ID.
        const row = rows.find((r) => r.id === idOrSlug) ?? rows[0]
        return row && toWorkspace(row)
      })
    },

    async list() {
      const rows = await db
        .selectFrom('workspaces')
        .selectAll()
        .orderBy('created_at')
        .orderBy('slug')
        .execute()
      return rows.map(toWorkspace)
    },
  }
}

function toWorkspace(row: Selectable<WorkspacesTable>): Workspace {
  return { id: row.id, slug: row.slug, name: row.name, createdAt: row.created_at }
}
