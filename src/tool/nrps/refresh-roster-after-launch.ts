/**
 * Keeps rosters fresh without an admin asking: after a launch from a context whose roster is
 * older than the configured age, the roster is read again. Runs beside the launch, never in it.
 */
import type { LaunchMessage } from '../../core/launch/launch-message.js'
import type { Registration } from '../../core/ports.js'
import type { RosterPorts } from '../ports.js'
import { readNrpsService } from './read-nrps-service.js'
import { syncRoster } from './sync-roster.js'
import type { RosterSyncDeps, RosterSyncResult } from './sync-roster.js'

export const DEFAULT_ROSTER_MAX_AGE_MS = 24 * 60 * 60_000
/** After a failed or running sync, how long before another instance may try. */
export const DEFAULT_ROSTER_RETRY_MS = 5 * 60_000
/** How long this process skips the database check for a roster it just checked. */
const RECHECK_MS = 60_000
const MAX_REMEMBERED = 10_000

export interface RosterRefresherDeps extends RosterSyncDeps {
  readonly store: RosterPorts
  /** A roster older than this is read again after a launch; default 24 h. */
  readonly maxAgeMs?: number
  readonly retryAfterMs?: number
}

export type RosterRefreshOutcome =
  | { readonly status: 'not-available' }
  | { readonly status: 'fresh' }
  | ({ readonly status: 'synced' } & RosterSyncResult)

export interface RosterRefresher {
  /**
   * Refreshes the launch's roster when it is stale. Await it only in tests: callers run it in
   * the background and log a rejection.
   * @throws what `syncRoster` throws
   */
  afterLaunch(launch: {
    registration: Registration
    message: Pick<LaunchMessage, 'context' | 'nrpsService'>
  }): Promise<RosterRefreshOutcome>
}

/**
 * Creates the refresher. Of several instances seeing launches from one stale course at once,
 * one reads the roster: the store's claim is atomic, and a failed read waits `retryAfterMs`.
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0/#lti-1-3-integration
 */
export function createRosterRefresher(deps: RosterRefresherDeps): RosterRefresher {
  const maxAgeMs = deps.maxAgeMs ?? DEFAULT_ROSTER_MAX_AGE_MS
  const retryAfterMs = deps.retryAfterMs ?? DEFAULT_ROSTER_RETRY_MS
  // Per process: a busy course launches many times a minute, and one check covers them all.
  const checkedAt = new Map<string, number>()

  return {
    async afterLaunch({ registration, message }) {
      const service = readNrpsService(message.nrpsService)
      const contextId = message.context?.id
      if (!service || !contextId) return { status: 'not-available' }
      const now = deps.clock.now()
      const key = JSON.stringify([registration.id, contextId])
      const last = checkedAt.get(key)
      if (last !== undefined && now - last < Math.min(RECHECK_MS, maxAgeMs)) {
        return { status: 'fresh' }
      }
      remember(checkedAt, key, now)
      const claimed = await deps.store.claimRosterRefresh({
        registrationId: registration.id,
        contextId,
        membershipsUrl: service.contextMembershipsUrl,
        now,
        staleBefore: now - maxAgeMs,
        retryBefore: now - retryAfterMs,
      })
      if (!claimed) return { status: 'fresh' }
      const result = await syncRoster(
        { registration, contextId, membershipsUrl: service.contextMembershipsUrl },
        deps,
      )
      return { status: 'synced', ...result }
    },
  }
}

function remember(map: Map<string, number>, key: string, at: number): void {
  map.delete(key)
  map.set(key, at)
  // Maps iterate in insertion order: the first key is the one checked longest ago.
  if (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value as string)
}
