import type { Kysely } from 'kysely'
import { systemClock } from '../core/ports.js'
import type { Clock, KeyStore } from '../core/ports.js'
import { attemptRepository } from './attempt-repository.js'
import type { AttemptRepository } from './attempt-repository.js'
import type { DialectName } from './database.js'
import { storeDialectOf } from './dialect/store-dialect.js'
import { keyRepository } from './key-repository.js'
import { LAUNCH_CONTEXT_REWRITE_MS, launchRepository } from './launch-repository.js'
import type { LaunchRepository } from './launch-repository.js'
import { lti11ConsumerRepository } from './lti11-consumer-repository.js'
import type { Lti11ConsumerRepository } from './lti11-consumer-repository.js'
import { nonceRepository } from './nonce-repository.js'
import type { NonceRepository } from './nonce-repository.js'
import { passbackRepository } from './passback-repository.js'
import type { PassbackRepository } from './passback-repository.js'
import { memberRepository } from './member-repository.js'
import type { MemberRepository } from './member-repository.js'
import { workspaceAdminRepository } from './workspace-admin-repository.js'
import type { WorkspaceAdminRepository } from './workspace-admin-repository.js'
import { REGISTRATION_CACHE_TTL_MS, registrationRepository } from './registration-repository.js'
import type { RegistrationRepository } from './registration-repository.js'
import { rosterRepository } from './roster-repository.js'
import type { RosterRepository } from './roster-repository.js'
import { SCENARIO_CACHE_TTL_MS, scenarioRepository } from './scenario-repository.js'
import type { ScenarioRepository } from './scenario-repository.js'
import type { Database } from './schema.js'
import { WORKSPACE_CACHE_TTL_MS, workspaceRepository } from './workspace-repository.js'
import type { WorkspaceRepository } from './workspace-repository.js'

export interface Stores {
  readonly workspaces: WorkspaceRepository
  readonly scenarios: ScenarioRepository
  readonly registrations: RegistrationRepository
  readonly nonces: NonceRepository
  readonly keys: KeyStore
  readonly members: MemberRepository
  /** Members who sign in to a workspace's admin pages with email and password. */
  readonly workspaceAdmins: WorkspaceAdminRepository
  readonly launches: LaunchRepository
  readonly attempts: AttemptRepository
  readonly passback: PassbackRepository
  readonly rosters: RosterRepository
  readonly lti11Consumers: Lti11ConsumerRepository
}

/** Per-process cache lifetimes in milliseconds; `0` turns one off. */
export interface CacheTtls {
  /** Hits of `workspaces.find`. Default 30 s. */
  readonly workspaces?: number
  /** Hits of `findRegistration` and `listRegistrationsByIssuer`. Default 5 s. */
  readonly registrations?: number
  /** Hits of `scenarios.find`. Default 5 s. */
  readonly scenarios?: number
  /** How long `recordLaunchContext` skips rewriting unchanged rows. Default 60 s. */
  readonly launchContexts?: number
}

export interface CreateStoresOptions {
  /** Stamps `createdAt` of workspaces, scenarios and registrations, and ages the caches. */
  readonly clock?: Clock
  /**
   * The lifetimes of this process's caches: one number for all (`0` disables caching), or each
   * apart. Writes through these stores invalidate their own entries at once; other instances'
   * writes show once an entry expires. So a registration deleted on one instance keeps working on
   * another for up to `registrations` ms. See each repository for what it caches.
   */
  readonly cacheTtlMs?: number | CacheTtls
  /** The SQL dialect of `db`; detected when absent. */
  readonly dialect?: DialectName
}

/** Every repository over one database handle. Methods need no `this`: pass them around freely. */
export function createStores(db: Kysely<Database>, options: CreateStoresOptions = {}): Stores {
  const clock = options.clock ?? systemClock
  const ttl = cacheTtls(options.cacheTtlMs)
  const dialect = storeDialectOf(db, options.dialect)
  return {
    workspaces: workspaceRepository(db, clock, { cacheTtlMs: ttl.workspaces }),
    scenarios: scenarioRepository(db, clock, { cacheTtlMs: ttl.scenarios }),
    registrations: registrationRepository(db, clock, { cacheTtlMs: ttl.registrations }),
    nonces: nonceRepository(db),
    keys: keyRepository(db),
    members: memberRepository(db, dialect),
    workspaceAdmins: workspaceAdminRepository(db),
    launches: launchRepository(db, clock, { rewriteAfterMs: ttl.launchContexts }, dialect),
    attempts: attemptRepository(db, clock, { rewriteAfterMs: ttl.launchContexts }),
    passback: passbackRepository(db, dialect.name),
    rosters: rosterRepository(db),
    lti11Consumers: lti11ConsumerRepository(db, clock),
  }
}

function cacheTtls(option: number | CacheTtls = {}): Required<CacheTtls> {
  if (typeof option === 'number') {
    return { workspaces: option, registrations: option, scenarios: option, launchContexts: option }
  }
  return {
    workspaces: option.workspaces ?? WORKSPACE_CACHE_TTL_MS,
    registrations: option.registrations ?? REGISTRATION_CACHE_TTL_MS,
    scenarios: option.scenarios ?? SCENARIO_CACHE_TTL_MS,
    launchContexts: option.launchContexts ?? LAUNCH_CONTEXT_REWRITE_MS,
  }
}
