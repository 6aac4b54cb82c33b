/**
 * `POST /lti/{ws}/lti11/launch`: LTI 1.1 launches into the tool, for an LMS that has not moved
 * to LTI 1.3 yet. The learner lands on the same player as after an LTI 1.3 launch.
 */
import { Hono } from 'hono'
import { LtiNotFound, LtiRequestInvalid } from '../../core/errors.js'
import { handleLti11Launch } from '../../tool/lti11/handle-lti11-launch.js'
import { issueSessionToken } from '../../tool/session-token.js'
import type { AppEnv } from '../env.js'
import { readBodyText } from '../read-body.js'
import { LTI_BODY_LIMIT } from '../read-input.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { lti11LaunchUrl } from '../tool-urls.js'
import { SESSION_TTL_SECONDS, playPath, sessionCookie } from './learner-session.js'

export function toolLti11LaunchRoutes(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { stores } = deps

  app.post('/:ws/lti11/launch', async (c) => {
    c.set('browserFlow', true)
    const workspace = await stores.workspaces.find(c.req.param('ws'))
    // Only IDs address LTI endpoints, as for LTI 1.3: the signed URL must not have two spellings.
    if (!workspace || workspace.id !== c.req.param('ws')) {
      throw new LtiNotFound('LTI_WORKSPACE_NOT_FOUND', 'no workspace with this ID')
    }
    if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      throw new LtiRequestInvalid(
        'LTI11_LAUNCH_PARAMETER_MISSING',
        'expected a form POST (application/x-www-form-urlencoded)',
      )
    }
    const form = new URLSearchParams(await readBodyText(c, LTI_BODY_LIMIT))
    const result = await handleLti11Launch(form, {
      workspaceId: workspace.id,
      // OAuth 1.0a §3.4.1.2 signs the URL the LMS posted to: ours as configured, its query kept.
      launchUrl: lti11LaunchUrl(deps.publicUrl, workspace.id) + new URL(c.req.url).search,
      findConsumerSecret: async (key) => {
        const consumer = await stores.lti11Consumers.findByKey(workspace.id, key)
        return consumer && deps.secretBox.open(consumer.encryptedSecret)
      },
      nonces: stores.nonces,
      findScenario: (ref) => stores.scenarios.find(workspace.id, ref),
      provisionMember: (input) => stores.members.provisionMember(input),
      appendLaunchLog: (entry) => stores.launches.appendLaunchLog(entry),
      clock: deps.clock,
      correlationId: c.get('correlationId'),
    })
    c.get('log').info(
      { workspaceId: workspace.id, memberId: result.member.id, scenarioId: result.scenario?.id },
      'LTI 1.1 launch succeeded',
    )
    const token = await issueSessionToken(
      {
        memberId: result.member.id,
        workspaceId: workspace.id,
        ...(result.scenario ? { scenarioId: result.scenario.id } : {}),
        correlationId: c.get('correlationId'),
      },
      deps.sessionSecret,
      deps.clock,
      SESSION_TTL_SECONDS,
    )
    const headers = new Headers({ location: playPath(workspace.id, result.scenario?.id, token) })
    headers.append('set-cookie', sessionCookie(token))
    headers.set('cache-control', 'no-store')
    // 303: the browser follows with a GET, so a reload never re-posts the signed form.
    return new Response(null, { status: 303, headers })
  })

  return app
}
