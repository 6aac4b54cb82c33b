/**
 * The roster flows of the tool server, built once per app: the refresher keeps its per-process
 * memory, and every roster read shares the app's access token cache.
 */
import type { Logger } from 'pino'
import type { LaunchMessage } from '../core/launch/launch-message.js'
import { LtiError, LtiNotFound } from '../core/errors.js'
import type { Registration } from '../core/ports.js'
import { createRosterRefresher } from '../tool/nrps/refresh-roster-after-launch.js'
import type { RosterRefresher } from '../tool/nrps/refresh-roster-after-launch.js'
import { syncRoster } from '../tool/nrps/sync-roster.js'
import type { RosterSyncDeps } from '../tool/nrps/sync-roster.js'
import type { StoredRoster } from '../tool/ports.js'
import type { ToolAppDeps } from './tool-deps.js'

export interface ToolRosters {
  readonly syncDeps: RosterSyncDeps
  readonly refresher: RosterRefresher
}

const built = new WeakMap<ToolAppDeps, ToolRosters>()

/** The roster flows of this app (one set per `deps`). */
export function toolRosters(deps: ToolAppDeps): ToolRosters {
  let rosters = built.get(deps)
  if (!rosters) {
    const syncDeps: RosterSyncDeps = {
      fetch: deps.fetch,
      clock: deps.clock,
      accessTokens: deps.accessTokens,
      signingKey: (workspaceId) => deps.keys.signingKey(workspaceId),
      store: deps.stores.rosters,
    }
    const refresher = createRosterRefresher({
      ...syncDeps,
      store: deps.stores.rosters,
      ...(deps.rosterMaxAgeMs !== undefined ? { maxAgeMs: deps.rosterMaxAgeMs } : {}),
    })
    rosters = { syncDeps, refresher }
    built.set(deps, rosters)
  }
  return rosters
}

/**
 * Refreshes the launch's roster when it is stale, after the response: a slow or failing roster
 * service never delays a launch, and its failure is logged (and shown in the roster API), never
 * shown to the learner.
 */
export function refreshRosterInBackground(
  deps: ToolAppDeps,
  launch: { registration: Registration; message: Pick<LaunchMessage, 'context' | 'nrpsService'> },
  log: Logger,
): void {
  const facts = { registrationId: launch.registration.id, contextId: launch.message.context?.id }
  toolRosters(deps)
    .refresher.afterLaunch(launch)
    .then(
      (outcome) => {
        if (outcome.status === 'synced') log.info({ ...facts, ...outcome }, 'roster refreshed')
      },
      (err: unknown) => {
        if (err instanceof LtiError) {
          log.warn({ ...facts, code: err.code, cause: err.cause }, 'roster refresh failed')
        } else log.error({ ...facts, err }, 'roster refresh failed')
      },
    )
}

/**
 * Reads a stored roster from the LMS now, whatever its age (the admin's "refresh"), and returns
 * it as stored afterwards.
 * @throws LTI_REGISTRATION_NOT_FOUND when its platform was removed meanwhile, or what
 *   `syncRoster` throws (it records the failure on the roster first).
 */
export async function refreshRoster(
  deps: ToolAppDeps,
  workspaceId: string,
  roster: StoredRoster,
  log: Logger,
): Promise<StoredRoster> {
  const registration = await deps.stores.registrations.findById(workspaceId, roster.registrationId)
  if (!registration) throw new LtiNotFound('LTI_REGISTRATION_NOT_FOUND', 'platform removed')
  const result = await syncRoster(
    { registration, contextId: roster.contextId, membershipsUrl: roster.membershipsUrl },
    toolRosters(deps).syncDeps,
  )
  log.info({ workspaceId, contextId: roster.contextId, ...result }, 'roster refreshed')
  const [fresh] = await deps.stores.rosters.findRosters(workspaceId, {
    contextId: roster.contextId,
    registrationId: roster.registrationId,
  })
  return fresh ?? roster
}
