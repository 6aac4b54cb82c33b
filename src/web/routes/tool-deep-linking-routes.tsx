/**
 * Deep linking, tool side: the scenario picker an LtiDeepLinkingRequest opens, and the answer
 * it posts back to the platform as a signed LtiDeepLinkingResponse.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { LtiNotFound, LtiRequestInvalid } from '../../core/errors.js'
import { answerPicker, DEFAULT_SCORE_MAXIMUM } from '../../tool/deep-linking/answer-picker.js'
import type { PickerChoice } from '../../tool/deep-linking/answer-picker.js'
import { sealPickerToken } from '../../tool/deep-linking/picker-token.js'
import type { LaunchResult } from '../../tool/launch.js'
import type { Workspace } from '../../tool/ports.js'
import type { AppEnv } from '../env.js'
import { readBodyText } from '../read-body.js'
import { LTI_BODY_LIMIT } from '../read-input.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { ltiBasePath, toolEndpoints } from '../tool-urls.js'
import { AutoPostPage, ContentPickerPage } from '../views/content-picker.js'

/**
 * The picker page, answering the launch POST of a validated LtiDeepLinkingRequest (the launch
 * has already checked the user teaches and the platform accepts LTI resource links).
 */
export async function deepLinkingPickerPage(
  c: Context<AppEnv>,
  deps: ToolAppDeps,
  workspace: Workspace,
  result: LaunchResult,
): Promise<Response> {
  const settings = result.deepLinkingSettings
  if (!settings) throw new TypeError('not a deep linking launch')
  const { registration, message } = result
  const [token, scenarios] = await Promise.all([
    sealPickerToken(
      {
        workspaceId: workspace.id,
        registrationId: registration.id,
        issuer: registration.issuer,
        clientId: registration.clientId,
        deploymentId: message.deploymentId,
        memberId: result.member.id,
        ...(message.context ? { contextId: message.context.id } : {}),
        settings,
      },
      deps.sessionSecret,
      deps.clock,
    ),
    deps.stores.scenarios.list(workspace.id),
  ])
  c.header('cache-control', 'no-store')
  return c.html(
    <ContentPickerPage
      workspaceName={workspace.name}
      scenarios={scenarios}
      action={answerPath(deps.publicUrl, workspace.id)}
      token={token}
      multiple={settings.acceptMultiple === true}
      lineItem={settings.acceptLineItem === true}
      defaultScoreMaximum={DEFAULT_SCORE_MAXIMUM}
      {...(settings.title ? { heading: settings.title } : {})}
      {...(settings.text ? { text: settings.text } : {})}
    />,
  )
}

/** The picker's answer: `POST /lti/{workspace ID}/deep-linking`. */
export function toolDeepLinkingRoutes(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.post('/:ws/deep-linking', async (c) => {
    c.set('browserFlow', true)
    const workspace = await deps.stores.workspaces.find(c.req.param('ws'))
    if (!workspace || workspace.id !== c.req.param('ws')) {
      throw new LtiNotFound('LTI_WORKSPACE_NOT_FOUND', 'no workspace with this ID')
    }
    if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      throw new LtiRequestInvalid('LTI_REQUEST_INVALID', 'expected a form POST')
    }
    const form = new URLSearchParams(await readBodyText(c, LTI_BODY_LIMIT))
    const answer = await answerPicker(form.get('token') ?? '', choiceOf(form), {
      workspaceId: workspace.id,
      pickerKey: deps.sessionSecret,
      clock: deps.clock,
      nonces: deps.stores.nonces,
      findScenario: (id) => deps.stores.scenarios.find(workspace.id, id),
      signingKey: () => deps.keys.signingKey(workspace.id),
      launchUrl: toolEndpoints(deps.publicUrl, workspace.id).launchUrl,
    })
    c.get('log').info(
      { workspaceId: workspace.id, items: answer.items.length },
      'deep linking response sent',
    )
    c.header('cache-control', 'no-store')
    return c.html(<AutoPostPage action={answer.returnUrl} jwt={answer.jwt} />)
  })

  return app
}

function choiceOf(form: URLSearchParams): PickerChoice {
  if (form.get('action') === 'cancel') return { action: 'cancel' }
  const wantsLineItem = form.get('lineItem') === '1'
  const score = form.get('scoreMaximum')
  return {
    action: 'select',
    scenarioIds: form.getAll('scenario').slice(0, 100),
    ...(wantsLineItem
      ? { lineItem: { scoreMaximum: score ? Number(score) : DEFAULT_SCORE_MAXIMUM } }
      : {}),
  }
}

function answerPath(publicUrl: string, workspaceId: string): string {
  return `${new URL(publicUrl).pathname.replace(/\/+$/, '')}${ltiBasePath(workspaceId)}/deep-linking`
}
