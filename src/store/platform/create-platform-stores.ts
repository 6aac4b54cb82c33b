import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import { systemClock } from '../../core/ports.js'
import type { Clock } from '../../core/ports.js'
import type { PlatformStores } from '../../platform/ports.js'
import type { DialectName } from '../database.js'
import { storeDialectOf } from '../dialect/store-dialect.js'
import { keyRepository } from '../key-repository.js'
import { nonceRepository } from '../nonce-repository.js'
import type { NonceRepository } from '../nonce-repository.js'
import type { Database } from '../schema.js'
import {
  CONTEXT_CACHE_TTL_MS,
  ENROLLMENT_CACHE_TTL_MS,
  contextRepository,
} from './context-repository.js'
import { LINE_ITEM_CACHE_TTL_MS, lineItemRepository } from './line-item-repository.js'
import { lti11ToolRepository } from './lti11-tool-repository.js'
import { LINK_CACHE_TTL_MS, resourceLinkRepository } from './resource-link-repository.js'
import { scoreRepository } from './score-repository.js'
import { TOOL_CACHE_TTL_MS, toolRepository } from './tool-repository.js'
import { USER_CACHE_TTL_MS, userRepository } from './user-repository.js'

/** Per-process cache lifetimes of the platform's hot reads, in milliseconds; `0` turns one off. */
export interface PlatformCacheTtls {
  /** `findTool`, `findToolByClientId`, and the LTI 1.1 tools' finds. Default 5 s. */
  readonly tools?: number
  /** `findUser` (the session's user). Default 5 s. */
  readonly users?: number
  /** `findContext`. Default 5 s. */
  readonly contexts?: number
  /**
   * `findEnrollment`. Default 5 s: how long a learner whose enrollment was ended through another
   * instance can still launch, or be sent scores for, on this one.
   */
  readonly enrollments?: number
  /** `findLink`. Default 5 s. */
  readonly links?: number
  /** `findLineItem`. Default 5 s. */
  readonly lineItems?: number
}

export interface CreatePlatformStoresOptions {
  /** Stamps `createdAt` of users, contexts, enrollments, tools, links and line items; ages caches. */
  readonly clock?: Clock
  /** The SQL dialect of `db`; detected when absent. */
  readonly dialect?: DialectName
  /**
   * The lifetimes of this process's read caches: one number for all (`0` disables caching), or
   * each apart. Only found rows are cached, so anything created is seen at once everywhere.
   * Writes through these stores drop their own entries at once; a change made through another
   * instance is seen here once the entry expires, so within the TTL at most (5 s by default).
   */
  readonly cacheTtlMs?: number | PlatformCacheTtls
}

/** The platform's ports over SQL; `nonces` also offers housekeeping (`deleteExpired`). */
export interface SqlPlatformStores extends PlatformStores {
  readonly nonces: NonceRepository
}

/**
 * Every port of the platform over one database handle. The reads of every launch and score
 * (tools, users, contexts, enrollments, links, line items) are served from per-process caches;
 * see {@link CreatePlatformStoresOptions.cacheTtlMs}. Nonces share `used_nonces` with the tool
 * side (keep the prefixes apart); signing keys are those of owner `platform`. Methods need no
 * `this`.
 */
export function createPlatformStores(
  db: Kysely<Database>,
  options: CreatePlatformStoresOptions = {},
): SqlPlatformStores {
  const clock = options.clock ?? systemClock
  const dialect = storeDialectOf(db, options.dialect).name
  const ttl = platformCacheTtls(options.cacheTtlMs)
  const links = resourceLinkRepository(db, clock, { cacheTtlMs: ttl.links })
  return {
    users: userRepository(db, clock, { cacheTtlMs: ttl.users }),
    contexts: contextRepository(db, clock, dialect, {
      contextCacheTtlMs: ttl.contexts,
      enrollmentCacheTtlMs: ttl.enrollments,
    }),
    tools: toolRepository(db, clock, { cacheTtlMs: ttl.tools }),
    lti11Tools: lti11ToolRepository(db, clock, { cacheTtlMs: ttl.tools }),
    links,
    lineItems: lineItemRepository(db, clock, {
      cacheTtlMs: ttl.lineItems,
      // Deleting a line item unbinds its links.
      onDeleted: (lineItemId) => links.forgetLineItem(lineItemId),
    }),
    scores: scoreRepository(db),
    nonces: nonceRepository(db),
    keys: keyRepository(db),
    async ping() {
      await sql`select 1`.execute(db)
    },
  }
}

function platformCacheTtls(option: number | PlatformCacheTtls = {}): Required<PlatformCacheTtls> {
  if (typeof option === 'number') {
    return {
      tools: option,
      users: option,
      contexts: option,
      enrollments: option,
      links: option,
      lineItems: option,
    }
  }
  return {
    tools: option.tools ?? TOOL_CACHE_TTL_MS,
    users: option.users ?? USER_CACHE_TTL_MS,
    contexts: option.contexts ?? CONTEXT_CACHE_TTL_MS,
    enrollments: option.enrollments ?? ENROLLMENT_CACHE_TTL_MS,
    links: option.links ?? LINK_CACHE_TTL_MS,
    lineItems: option.lineItems ?? LINE_ITEM_CACHE_TTL_MS,
  }
}
