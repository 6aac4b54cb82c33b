/**
 * The pages a learner reaches after a launch: the workspace's scenarios, a scenario's briefing
 * and its player. The session comes from `?session=` (works in an iframe that blocks cookies) or
 * from the session cookie; form actions carry it in their URL.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { LtiNotFound, LtiTokenInvalid } from '../../core/errors.js'
import { verifySessionToken } from '../../tool/session-token.js'
import type { AppEnv } from '../env.js'
import type { ToolAppDeps } from '../tool-deps.js'
import {
  ScenarioListPage,
  ScenarioPage,
  ScenarioWithoutScriptPage,
} from '../views/scenario-page.js'
import { frameAncestorsOf, learnerPageHeaders } from './learner-page-headers.js'
import { SESSION_COOKIE, playActionPath, playPath } from './learner-session.js'
import type { LearnerContext } from './scenario-player.js'
import { bestScoreOf, gradedAttemptOf, playReply, playStart, scriptOf } from './scenario-player.js'

export function learnerRoutes(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  async function sessionOf(c: Context<AppEnv>): Promise<LearnerContext> {
    c.set('browserFlow', true)
    const token = c.req.query('session') ?? getCookie(c, SESSION_COOKIE)
    if (!token || token.length > 4096) {
      throw new LtiTokenInvalid('LTI_SESSION_INVALID', 'no learner session')
    }
    const session = await verifySessionToken(token, deps.sessionSecret, deps.clock)
    if (session.workspaceId !== c.req.param('ws')) {
      throw new LtiTokenInvalid('LTI_SESSION_INVALID', 'session is for another workspace')
    }
    learnerPageHeaders(c, await frameAncestorsOf(deps, session))
    return { session, token }
  }

  async function scenarioOf(c: Context<AppEnv>, workspaceId: string) {
    const scenario = await deps.stores.scenarios.find(workspaceId, c.req.param('scenario') ?? '')
    if (!scenario) throw new LtiNotFound('LTI_SCENARIO_UNKNOWN', 'no scenario with this ID')
    return scenario
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
    const learner = await sessionOf(c)
    const { session, token } = learner
    const [scenario, member] = await Promise.all([
      scenarioOf(c, session.workspaceId),
      deps.stores.members.findById(session.workspaceId, session.memberId),
    ])
    const script = scriptOf(scenario)
    const learnerName = member?.name ? { learnerName: member.name } : {}
    if (!script) return c.html(<ScenarioWithoutScriptPage scenario={scenario} {...learnerName} />)
    const attempt = await gradedAttemptOf(deps, session, scenario)
    const bestScore = attempt ? await bestScoreOf(deps, attempt) : undefined
    return c.html(
      <ScenarioPage
        scenario={scenario}
        script={script.script}
        startAction={playActionPath(session.workspaceId, scenario.id, 'start', token)}
        {...learnerName}
        {...(bestScore === undefined ? {} : { bestScore })}
      />,
    )
  })

  app.post('/:ws/:scenario/start', async (c) => {
    const learner = await sessionOf(c)
    return playStart(c, deps, learner, await scenarioOf(c, learner.session.workspaceId))
  })

  app.post('/:ws/:scenario/reply', async (c) => {
    const learner = await sessionOf(c)
    return playReply(c, deps, learner, await scenarioOf(c, learner.session.workspaceId))
  })

  return app
}
