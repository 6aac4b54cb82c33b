/**
 * The LTI endpoints of each workspace: OIDC login initiation, launch, JWKS and the
 * configuration document. Paths use the workspace ID so they never change with a rename.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { LtiError, LtiNotFound, LtiRequestInvalid } from '../../core/errors.js'
import { decodeIdToken } from '../../core/launch/decode-id-token.js'
import { skipStateCookieCheck } from '../../core/launch/validate-launch.js'
import { handleLaunch } from '../../tool/launch.js'
import type { LaunchDeps } from '../../tool/launch.js'
import { initiateLogin } from '../../tool/login.js'
import type { Workspace } from '../../tool/ports.js'
import { newWindowUrl } from '../../tool/new-window-url.js'
import { stateBindingOf } from '../../tool/platform-storage.js'
import { clearStateCookie, readStateCookie } from '../../tool/state-cookie.js'
import { issueSessionToken } from '../../tool/session-token.js'
import type { AppEnv } from '../env.js'
import { readForm } from '../read-input.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { lti11MigrationPorts } from '../tool-lti11-migration.js'
import { refreshRosterInBackground } from '../tool-rosters.js'
import { deepLinkingPickerPage } from './tool-deep-linking-routes.js'
import { submissionReviewRedirect } from './tool-submission-review-routes.js'
import { isWorkspaceTargetLinkUri, ltiBasePath, toolEndpoints } from '../tool-urls.js'
import { SESSION_TTL_SECONDS, playPath, sessionCookie } from './learner-session.js'
import {
  htmlResponse,
  newWindowAdvicePage,
  storageCheckPage,
  storageLoginPage,
} from '../views/tool-storage-pages.js'

export function toolLtiRoutes(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { stores } = deps

  async function workspaceOf(c: Context<AppEnv>): Promise<Workspace> {
    const workspace = await stores.workspaces.find(c.req.param('ws') ?? '')
    // Only IDs address LTI endpoints; a slug would make two URLs for one registration.
    if (!workspace || workspace.id !== c.req.param('ws')) {
      throw new LtiNotFound('LTI_WORKSPACE_NOT_FOUND', 'no workspace with this ID')
    }
    return workspace
  }

  const login = async (c: Context<AppEnv>) => {
    c.set('browserFlow', true)
    const workspace = await workspaceOf(c)
    const endpoints = toolEndpoints(deps.publicUrl, workspace.id)
    const params =
      c.req.method === 'POST'
        ? await readForm(c, 'LTI_LOGIN_PARAM_INVALID')
        : new URL(c.req.url).searchParams
    return initiateLogin(params, {
      workspaceId: workspace.id,
      registrations: stores.registrations.forWorkspace(workspace.id),
      loginStateKey: deps.loginStateKey,
      clock: deps.clock,
      launchUrl: endpoints.launchUrl,
      isOwnTargetLinkUri: (uri) => isWorkspaceTargetLinkUri(deps.publicUrl, workspace.id, uri),
      cookiePath: cookiePathOf(deps.publicUrl, workspace.id),
      renderStorageLogin: storageLoginPage,
    })
  }
  app.get('/:ws/login', login)
  app.post('/:ws/login', login)

  app.post('/:ws/launch', async (c) => {
    c.set('browserFlow', true)
    const workspace = await workspaceOf(c)
    const form = await readForm(c, 'LTI_ID_TOKEN_MISSING')
    const registrations = stores.registrations.forWorkspace(workspace.id)
    const cookieHeader = c.req.header('cookie') ?? null
    const state = form.get('state')
    const binding = await stateBindingOf(
      form,
      state ? readStateCookie(cookieHeader, state) : undefined,
      {
        loginStateKey: deps.loginStateKey,
        clock: deps.clock,
        launchUrl: toolEndpoints(deps.publicUrl, workspace.id).launchUrl,
      },
    )
    if (binding.kind === 'check-in-browser') {
      const link = newWindowUrl(form.get('id_token'), binding.page.platformOrigin)
      return htmlResponse(storageCheckPage(binding.page, link), 200)
    }
    const launchDeps: LaunchDeps = {
      workspaceId: workspace.id,
      findRegistration: (iss, clientId) => registrations.findRegistration(iss, clientId),
      listRegistrationsByIssuer: (iss) => registrations.listRegistrationsByIssuer(iss),
      loginStateKey: deps.loginStateKey,
      nonces: stores.nonces,
      findScenario: (ref) => stores.scenarios.find(workspace.id, ref),
      provisionMember: (input) => stores.members.provisionMember(input),
      recordLaunch: (context, entry) => stores.launches.recordLaunch(context, entry),
      openAttempt: (input) => stores.attempts.openAttempt(input),
      appendLaunchLog: (entry) => stores.launches.appendLaunchLog(entry),
      keys: deps.remoteKeys,
      clock: deps.clock,
      clockSkewSeconds: deps.clockSkewSeconds,
      correlationId: c.get('correlationId'),
      lti11Migration: lti11MigrationPorts(deps, workspace.id, c.get('log')),
    }
    const result = await handleLaunch(
      form,
      binding.kind === 'storage-checked' ? skipStateCookieCheck : cookieHeader,
      launchDeps,
    ).catch(async (error: unknown) => {
      // Neither the cookie nor platform storage bound the state: the learner can still launch
      // from a top-level window, where the tool's cookie is first-party.
      if (error instanceof LtiError && error.code === 'LTI_STATE_COOKIE_MISSING') {
        return advice(await platformOriginOf(form.get('id_token'), registrations), form)
      }
      throw error
    })
    if (result instanceof Response) return result
    c.get('log').info(
      { workspaceId: workspace.id, memberId: result.member.id, scenarioId: result.scenario?.id },
      'launch succeeded',
    )
    refreshRosterInBackground(deps, result, c.get('log'))
    const clearState = clearStateCookie(
      form.get('state') as string,
      cookiePathOf(deps.publicUrl, workspace.id),
    )
    if (result.deepLinkingSettings) {
      c.header('set-cookie', clearState, { append: true })
      return deepLinkingPickerPage(c, deps, workspace, result)
    }
    if (result.review) {
      return submissionReviewRedirect(
        deps,
        workspace,
        result,
        new Headers({ 'set-cookie': clearState }),
      )
    }
    const token = await issueSessionToken(
      {
        memberId: result.member.id,
        workspaceId: workspace.id,
        ...(result.scenario ? { scenarioId: result.scenario.id } : {}),
        ...(result.attemptId ? { attemptId: result.attemptId } : {}),
        registrationId: result.registration.id,
        correlationId: c.get('correlationId'),
      },
      deps.sessionSecret,
      deps.clock,
      SESSION_TTL_SECONDS,
    )
    const headers = new Headers({ location: playPath(workspace.id, result.scenario?.id, token) })
    headers.append('set-cookie', clearState)
    headers.append('set-cookie', sessionCookie(token))
    headers.set('cache-control', 'no-store')
    // 303: the browser follows with a GET, so a reload never re-posts the id_token.
    return new Response(null, { status: 303, headers })
  })

  // Security Framework §5.1.1.3: the authentication response is a form POST (response_mode).
  app.get('/:ws/launch', (c) => {
    c.set('browserFlow', true)
    c.header('allow', 'POST')
    throw new LtiRequestInvalid('LTI_LAUNCH_METHOD_INVALID', 'the launch URL takes a form POST')
  })

  app.get('/:ws/jwks', async (c) => {
    const workspace = await workspaceOf(c)
    const jwks = await deps.keys.publicJwks(workspace.id)
    c.header('cache-control', 'public, max-age=300')
    return c.json(jwks)
  })

  app.get('/:ws/openid-configuration', async (c) => {
    const workspace = await workspaceOf(c)
    const endpoints = toolEndpoints(deps.publicUrl, workspace.id)
    return c.json({
      issuer: deps.publicUrl,
      initiate_login_uri: endpoints.oidcLoginUrl,
      redirect_uris: [endpoints.launchUrl],
      target_link_uri: endpoints.launchUrl,
      jwks_uri: endpoints.jwksUrl,
      token_endpoint_auth_method: 'private_key_jwt',
      id_token_signed_response_alg: 'RS256',
      'https://purl.imsglobal.org/spec/lti-tool-configuration': {
        domain: new URL(deps.publicUrl).host,
        target_link_uri: endpoints.launchUrl,
        custom_parameters: {},
      },
    })
  })

  return app
}

function advice(origin: string | undefined, form: URLSearchParams): Response {
  return htmlResponse(newWindowAdvicePage(newWindowUrl(form.get('id_token'), origin)), 401)
}

/** The authentication origin of the registration the (unverified) id_token names, if any. */
async function platformOriginOf(
  idToken: string | null,
  registrations: {
    findRegistration(
      iss: string,
      clientId: string,
    ): Promise<{ authenticationRequestUrl: string } | undefined>
  },
): Promise<string | undefined> {
  try {
    const { payload } = decodeIdToken(idToken ?? '')
    const clientId = typeof payload.azp === 'string' ? payload.azp : [payload.aud].flat()[0]
    if (typeof payload.iss !== 'string' || typeof clientId !== 'string') return undefined
    const registration = await registrations.findRegistration(payload.iss, clientId)
    return registration ? new URL(registration.authenticationRequestUrl).origin : undefined
  } catch {
    return undefined
  }
}

function cookiePathOf(publicUrl: string, workspaceId: string): string {
  return new URL(publicUrl).pathname.replace(/\/+$/, '') + ltiBasePath(workspaceId)
}
