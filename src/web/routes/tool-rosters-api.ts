/**
 * Course rosters for admins (NRPS 2.0): who is in a course, with their status and roles, and who
 * has not launched yet. `GET` reads the stored roster; `POST …/refresh` reads it from the LMS now.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { z } from 'zod'
import { CONTEXT_ROLE_PREFIX } from '../../core/claims.js'
import { LtiNotFound, LtiRequestInvalid } from '../../core/errors.js'
import type { StoredRoster } from '../../tool/ports.js'
import type { AppEnv } from '../env.js'
import { adminAuth } from '../middleware/admin-auth.js'
import { parseInput } from '../read-input.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { refreshRoster } from '../tool-rosters.js'

const rosterQuery = z.object({
  contextId: z.string().min(1).max(255),
  platformId: z.string().min(1).max(100).optional(),
  /** NRPS 2.0 §2.3 vocabulary: a role URI or a short context role (`Learner`). */
  role: z.string().min(1).max(2048).optional(),
})

export function toolRostersApi(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', adminAuth(deps.adminToken))

  async function rosterOf(c: Context<AppEnv>) {
    const workspace = await deps.stores.workspaces.find(c.req.param('ws') ?? '')
    if (!workspace) {
      throw new LtiNotFound('LTI_WORKSPACE_NOT_FOUND', 'no workspace with this ID or slug')
    }
    const query = parseInput(rosterQuery, c.req.query())
    const found = await deps.stores.rosters.findRosters(workspace.id, {
      contextId: query.contextId,
      ...(query.platformId ? { registrationId: query.platformId } : {}),
    })
    const [roster, ...others] = found
    if (!roster) {
      throw new LtiNotFound('LTI_NRPS_NOT_AVAILABLE', 'no roster service known for this context', {
        cause: { contextId: query.contextId },
      })
    }
    if (others.length > 0) {
      throw new LtiRequestInvalid('LTI_REQUEST_INVALID', 'several platforms have this context', {
        fields: { platformId: 'required: several connected platforms use this context ID' },
      })
    }
    return { workspace, roster, role: query.role }
  }

  app.get('/workspaces/:ws/rosters', async (c) => {
    const { roster, role } = await rosterOf(c)
    return c.json(rosterJson(roster, role))
  })

  app.post('/workspaces/:ws/rosters/refresh', async (c) => {
    const { workspace, roster, role } = await rosterOf(c)
    const fresh = await refreshRoster(deps, workspace.id, roster, c.get('log'))
    return c.json(rosterJson(fresh, role))
  })

  return app
}

function rosterJson(roster: StoredRoster, role: string | undefined) {
  const wanted = role === undefined ? undefined : fullRole(role)
  const members = roster.members.filter(
    (m) => wanted === undefined || m.roles.some((r) => fullRole(r) === wanted),
  )
  const launched = members.filter((m) => m.launched).length
  return {
    platformId: roster.registrationId,
    contextId: roster.contextId,
    ...(roster.contextTitle ? { contextTitle: roster.contextTitle } : {}),
    syncedAt: iso(roster.syncedAt) ?? null,
    ...(roster.lastAttemptAt !== undefined ? { lastAttemptAt: iso(roster.lastAttemptAt) } : {}),
    ...(roster.lastErrorCode ? { lastErrorCode: roster.lastErrorCode } : {}),
    counts: { members: members.length, launched, notLaunched: members.length - launched },
    members: members.map(({ lastLaunchAt, ...m }) => ({
      ...m,
      ...(lastLaunchAt !== undefined ? { lastLaunchAt: iso(lastLaunchAt) } : {}),
    })),
  }
}

/** Core 1.3 §A.2.3: a short role (`Learner`) stands for the context role URI. */
function fullRole(role: string): string {
  return role.includes(':') ? role : CONTEXT_ROLE_PREFIX + role
}

function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString()
}
