import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { Kysely, Selectable } from 'kysely'
import type { Clock } from '../../core/ports.js'
import type {
  Context,
  ContextRole,
  ContextStore,
  Enrollment,
  GradingScale,
} from '../../platform/ports.js'
import type { DialectName } from '../database.js'
import { present } from '../present.js'
import { createReadCache } from '../read-cache.js'
import type { Database } from '../schema.js'
import type { PlatformContextsTable, PlatformEnrollmentsTable } from './schema.js'
import { toUser } from './user-repository.js'

/** A short role name (`Learner`): letters only, so it can be searched for in the JSON text. */
const ROLE_NAME = /^[A-Za-z]+$/

export interface ContextRepositoryOptions {
  /** How long a hit of `findContext` is answered from memory. Default 5 s; `0` disables it. */
  readonly contextCacheTtlMs?: number
  /** How long a hit of `findEnrollment` is answered from memory. Default 5 s; `0` disables it. */
  readonly enrollmentCacheTtlMs?: number
}

export const CONTEXT_CACHE_TTL_MS = 5_000
/**
 * Bounds how long a learner whose enrollment was ended on another instance can still launch
 * there, or be sent scores for: keep it short.
 */
export const ENROLLMENT_CACHE_TTL_MS = 5_000

/**
 * Contexts (courses) and who is enrolled in them. `dialect` picks the substring function of the
 * roster's role filter; `clock` stamps `createdAt` and ages the caches.
 *
 * `findContext` and `findEnrollment` (every launch, twice, and every score) answer hits from this
 * process's cache. Misses are not cached, so a new context or enrollment counts at once on every
 * instance. `enroll` through this repository drops the cached enrollment at once; an enrollment
 * changed through another instance (made inactive, roles changed) is seen here after at most
 * `enrollmentCacheTtlMs`: that long a learner set inactive elsewhere may still launch here.
 * Contexts are never changed or deleted through this port.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#context-claim
 */
export function contextRepository(
  db: Kysely<Database>,
  clock: Clock,
  dialect: DialectName,
  {
    contextCacheTtlMs = CONTEXT_CACHE_TTL_MS,
    enrollmentCacheTtlMs = ENROLLMENT_CACHE_TTL_MS,
  }: ContextRepositoryOptions = {},
): ContextStore {
  const contexts = () => db.selectFrom('platform_contexts').selectAll()
  const contextCache = createReadCache<Context>({ clock, ttlMs: contextCacheTtlMs })
  const enrollmentCache = createReadCache<Enrollment>({ clock, ttlMs: enrollmentCacheTtlMs })
  // IDs are UUIDs or admin-chosen text: a separator no ID holds keeps the pairs apart.
  const enrollmentKey = (contextId: string, userId: string) => `${contextId}\u0000${userId}`
  return {
    async createContext(input) {
      const row = {
        id: randomUUID(),
        title: input.title,
        label: input.label ?? null,
        grading_scale: JSON.stringify(input.gradingScale),
        created_at: clock.now(),
      }
      await db.insertInto('platform_contexts').values(row).execute()
      return toContext(row)
    },

    findContext(id) {
      return contextCache.get(id, async () => {
        const row = await contexts().where('id', '=', id).executeTakeFirst()
        return row && toContext(row)
      })
    },

    async listContexts() {
      const rows = await contexts().orderBy('created_at').orderBy('id').execute()
      return rows.map(toContext)
    },

    async enroll(input) {
      // Dropped once written (or failed: it may have committed); a read in flight does not store.
      const forget = () =>
        enrollmentCache.invalidate(
          (e) => e.contextId === input.contextId && e.userId === input.userId,
        )
      // One upsert: a repeated enrollment replaces roles and status and keeps its first date.
      const row = await db
        .insertInto('platform_enrollments')
        .values({
          context_id: input.contextId,
          user_id: input.userId,
          roles: JSON.stringify(input.roles),
          status: input.status,
          created_at: clock.now(),
        })
        .onConflict((oc) =>
          oc.columns(['context_id', 'user_id']).doUpdateSet((eb) => ({
            roles: eb.ref('excluded.roles'),
            status: eb.ref('excluded.status'),
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow()
        .finally(forget)
      return toEnrollment(row)
    },

    findEnrollment(contextId, userId) {
      return enrollmentCache.get(enrollmentKey(contextId, userId), async () => {
        const row = await db
          .selectFrom('platform_enrollments')
          .selectAll()
          .where('context_id', '=', contextId)
          .where('user_id', '=', userId)
          .executeTakeFirst()
        return row && toEnrollment(row)
      })
    },

    async listEnrollmentsOfUser(userId) {
      const rows = await db
        .selectFrom('platform_enrollments as e')
        .innerJoin('platform_contexts as c', 'c.id', 'e.context_id')
        .selectAll('c')
        .select(['e.user_id', 'e.roles', 'e.status', 'e.created_at as enrolled_at'])
        .where('e.user_id', '=', userId)
        .orderBy('c.created_at')
        .orderBy('c.id')
        .execute()
      return rows.map((row) => ({
        context: toContext(row),
        enrollment: toEnrollment({ ...row, context_id: row.id, created_at: row.enrolled_at }),
      }))
    },

    async listMembers(contextId, { limit, offset, role }) {
      let query = db
        .selectFrom('platform_enrollments as e')
        .innerJoin('platform_users as u', 'u.id', 'e.user_id')
        .selectAll('u')
        .select(['e.context_id', 'e.roles', 'e.status', 'e.created_at as enrolled_at'])
        .where('e.context_id', '=', contextId)
      if (role !== undefined) query = query.where(hasRole(role, dialect))
      // NRPS pages (`limit`, `rel="next"`) must not skip or repeat members: a total order.
      const rows = await query.orderBy('u.id').limit(limit).offset(offset).execute()
      return rows.map((row) => ({
        ...toEnrollment({ ...row, user_id: row.id, created_at: row.enrolled_at }),
        user: toUser(row),
      }))
    },
  }
}

/**
 * Whether the roles JSON array holds `role`: its quoted name occurs in the text. A substring
 * function, not LIKE, so the test is case-sensitive on both dialects and needs no escaping.
 */
function hasRole(role: ContextRole, dialect: DialectName) {
  if (!ROLE_NAME.test(role)) {
    throw Object.assign(new TypeError(`"${role}" is not a context role short name`), {
      code: 'ERR_INVALID_ARG_VALUE',
    })
  }
  const position = sql.raw(dialect === 'postgres' ? 'strpos' : 'instr')
  return sql<boolean>`${position}(${sql.ref('e.roles')}, ${JSON.stringify(role)}) > 0`
}

function toContext(row: Selectable<PlatformContextsTable>): Context {
  return {
    id: row.id,
    title: row.title,
    ...present('label', row.label),
    gradingScale: JSON.parse(row.grading_scale) as GradingScale,
    createdAt: row.created_at,
  }
}

function toEnrollment(row: Selectable<PlatformEnrollmentsTable>): Enrollment {
  return {
    contextId: row.context_id,
    userId: row.user_id,
    roles: JSON.parse(row.roles) as ContextRole[],
    status: row.status,
    createdAt: row.created_at,
  }
}
