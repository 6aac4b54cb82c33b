/**
 * The course rosters page of a workspace's admins, `/admin/workspaces/:ws/rosters`, and its
 * "Refresh roster" button, `POST /admin/workspaces/:ws/rosters/refresh` (the roster API's
 * refresh).
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0/
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { LtiError, LtiNotFound } from '../../core/errors.js'
import type { AppEnv } from '../env.js'
import { parseInput } from '../read-input.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { refreshRoster } from '../tool-rosters.js'
import { RostersPage } from '../views/rosters-page.js'
import { workspaceAdminPath } from '../views/tool-admin-layout.js'
import { workspaceAdminGuards } from './tool-workspace-admin.js'

const PAGE_SIZE = 50

/** After a refresh: how it went (a fixed word only: no text from a URL reaches the page). */
const rostersQuery = z.object({ refresh: z.enum(['ok', 'failed']).optional() })

const refreshForm = z.object({
  platformId: z.string().min(1).max(100),
  contextId: z.string().min(1).max(255),
})

export function toolRosterPages(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const guards = workspaceAdminGuards(deps)
  const { stores } = deps

  app.get('/admin/workspaces/:ws/rosters', async (c) => {
    const ctx = await guards.page(c)
    if (ctx instanceof Response) return ctx
    const { workspace } = ctx
    const { refresh } = parseInput(rostersQuery, c.req.query())
    const [rosters, platforms] = await Promise.all([
      stores.rosters.findRosters(workspace.id, { limit: PAGE_SIZE }),
      stores.registrations.list(workspace.id),
    ])
    const platformNames = new Map(platforms.map((p) => [p.id, p.name]))
    return c.html(
      <RostersPage
        workspace={workspace}
        admin={ctx.admin}
        rosters={rosters.map((roster) => ({
          ...roster,
          platformName: platformNames.get(roster.registrationId) ?? 'a removed LMS',
        }))}
        now={deps.clock.now()}
        {...(refresh === 'ok' ? { notice: 'Roster refreshed from the LMS.' } : {})}
        refreshFailed={refresh === 'failed'}
      />,
    )
  })

  app.post('/admin/workspaces/:ws/rosters/refresh', async (c) => {
    const ctx = await guards.form(c)
    if (ctx instanceof Response) return ctx
    const { workspace } = ctx
    const form = parseInput(refreshForm, Object.fromEntries(ctx.form))
    const [roster] = await stores.rosters.findRosters(workspace.id, {
      contextId: form.contextId,
      registrationId: form.platformId,
    })
    if (!roster) {
      throw new LtiNotFound('LTI_NRPS_NOT_AVAILABLE', 'no roster service known for this context', {
        cause: { contextId: form.contextId },
      })
    }
    const back = workspaceAdminPath(workspace, 'rosters')
    try {
      await refreshRoster(deps, workspace.id, roster, c.get('log'))
    } catch (error) {
      // The failure is recorded on the roster, which the page shows with its fix.
      if (!(error instanceof LtiError) || error.code === 'LTI_REGISTRATION_NOT_FOUND') throw error
      c.get('log').info({ contextId: roster.contextId, code: error.code }, 'roster refresh failed')
      return c.redirect(`${back}?refresh=failed`, 303)
    }
    return c.redirect(`${back}?refresh=ok`, 303)
  })

  return app
}
