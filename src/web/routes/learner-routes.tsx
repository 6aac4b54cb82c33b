/**
 * The pages a learner reaches after a launch. The session comes from `?session=` (works in an
 * iframe that blocks cookies) or from the session cookie.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { LtiNotFound, LtiTokenInvalid } from '../../core/errors.js'
import { verifySessionToken } from '../../tool/session-token.js'
import type { LearnerSession } from '../../tool/session-token.js'
import type { AppEnv } from '../env.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { ScenarioListPage, ScenarioPage } from '../views/scenario-page.js'
import { SESSION_COOKIE, playPath } from './learner-session.js'

export function learnerRoutes(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  async function sessionOf(
    c: Context<AppEnv>,
  ): Promise<{ session: LearnerSession; token: string }> {
    c.set('browserFlow', true)
    const token = c.req.query('session') ?? getCookie(c, SESSION_COOKIE)
    if (!token || token.length > 4096) {
      throw new LtiTokenInvalid('LTI_SESSION_INVALID', 'no learner session')
    }
    const session = await verifySessionToken(token, deps.sessionSecret, deps.clock)
    if (session.workspaceId !== c.req.param('ws')) {
      throw new LtiTokenInvalid('LTI_SESSION_INVALID', 'session is for another workspace')
    }
    c.header('cache-control', 'no-store')
    c.header('referrer-policy', 'no-referrer')
    return { session, token }
  }

  app.get('/:ws', async (c) => {
    const { session, token } = await sessionOf(c)
    const workspace = await deps.stores.workspaces.find(session.workspaceId)
    if (!workspace) throw new LtiNotFound('LTI_WORKSPACE_NOT_FOUND', 'workspace removed')
    const scenarios = await deps.stores.scenarios.list(workspace.id)
    return c.html(
      <ScenarioListPage
        workspaceName={workspace.name}
        scenarios={scenarios}
        linkOf={(scenario) => playPath(workspace.id, scenario.id, token)}
      />,
    )
  })

  app.get('/:ws/:scenario', async (c) => {
    const { session } = await sessionOf(c)
    const [scenario, member] = await Promise.all([
      deps.stores.scenarios.find(session.workspaceId, c.req.param('scenario')),
      deps.stores.members.findById(session.workspaceId, session.memberId),
    ])
    if (!scenario) throw new LtiNotFound('LTI_SCENARIO_UNKNOWN', 'no scenario with this ID')
    return c.html(
      <ScenarioPage scenario={scenario} {...(member?.name ? { learnerName: member.name } : {})} />,
    )
  })

  return app
}
