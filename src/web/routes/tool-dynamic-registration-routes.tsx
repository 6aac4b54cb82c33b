/**
 * Dynamic Registration 1.0, tool side: the page the LMS opens with `openid_configuration` and
 * `registration_token`. GET checks everything and asks the admin to confirm; POST registers
 * and stores the connection, then asks the LMS to close the window.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#overview
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { MESSAGE_TYPE, SCOPE } from '../../core/claims.js'
import { LtiError, LtiNotFound, LtiRequestInvalid } from '../../core/errors.js'
import { completeRegistration } from '../../tool/dynamic-registration/complete-registration.js'
import { REGISTRATION_URL_PARAM } from '../../tool/dynamic-registration/registration-url.js'
import { startRegistration } from '../../tool/dynamic-registration/start-registration.js'
import type { DynamicRegistrationDeps } from '../../tool/dynamic-registration/start-registration.js'
import type { Workspace } from '../../tool/ports.js'
import type { AppEnv } from '../env.js'
import { readBodyText } from '../read-body.js'
import { LTI_BODY_LIMIT, parseInput } from '../read-input.js'
import { platformInput } from '../schemas.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { ltiBasePath, toolEndpoints } from '../tool-urls.js'
import {
  RegistrationCompletePage,
  REGISTRATION_COMPLETE_CSP,
} from '../views/dynamic-registration-complete.js'
import { RegistrationConfirmPage } from '../views/dynamic-registration-confirm.js'
import { RegistrationFailedPage } from '../views/dynamic-registration-failed.js'
import { isSameOriginPost } from '../same-origin.js'

/** The registration page of a workspace; the registration URL is this plus its sealed token. */
export function registrationPageUrl(publicUrl: string, workspaceId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${ltiBasePath(workspaceId)}/register`
}

export function toolDynamicRegistrationRoutes(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const connectionSchema = platformInput(deps.dev).omit({ deploymentIds: true })

  async function flowDeps(c: Context<AppEnv>): Promise<{
    workspace: Workspace
    flow: DynamicRegistrationDeps
  }> {
    const workspace = await deps.stores.workspaces.find(c.req.param('ws') ?? '')
    if (!workspace || workspace.id !== c.req.param('ws')) {
      throw new LtiNotFound('LTI_WORKSPACE_NOT_FOUND', 'no workspace with this ID')
    }
    const endpoints = toolEndpoints(deps.publicUrl, workspace.id)
    return {
      workspace,
      flow: {
        workspaceId: workspace.id,
        toolName: workspace.name,
        urls: {
          initiateLoginUri: endpoints.oidcLoginUrl,
          launchUrl: endpoints.launchUrl,
          jwksUri: endpoints.jwksUrl,
        },
        // Purpose-bound sealing keeps these tokens apart from the login states of the same key.
        key: deps.loginStateKey,
        clock: deps.clock,
        nonces: deps.stores.nonces,
        fetch: deps.fetch,
        dev: deps.dev,
      },
    }
  }

  app.get('/:ws/register', (c) =>
    failurePage(c, async () => {
      const { workspace, flow } = await flowDeps(c)
      const query = new URL(c.req.url).searchParams
      const confirmation = await startRegistration(
        {
          token: query.get(REGISTRATION_URL_PARAM) ?? '',
          openidConfiguration: query.get('openid_configuration'),
          registrationToken: query.get('registration_token'),
        },
        flow,
      )
      return c.html(
        <RegistrationConfirmPage
          workspaceName={workspace.name}
          platformName={confirmation.platform.name}
          issuer={confirmation.platform.issuer}
          services={serviceNames(confirmation.scopes)}
          messages={confirmation.messageTypes.map((t) => MESSAGE_NAMES[t] ?? t)}
          action={registrationPageUrl(deps.publicUrl, workspace.id)}
          token={confirmation.confirmationToken}
        />,
      )
    }),
  )

  app.post('/:ws/register', (c) =>
    failurePage(c, async () => {
      const { workspace, flow } = await flowDeps(c)
      checkSameOrigin(c, deps.publicUrl)
      const type = c.req.header('content-type') ?? ''
      if (!type.startsWith('application/x-www-form-urlencoded')) {
        throw new LtiRequestInvalid('LTI_REGISTRATION_REQUEST_INVALID', 'expected a form POST')
      }
      const form = new URLSearchParams(await readBodyText(c, LTI_BODY_LIMIT))
      const { registration } = await completeRegistration(form.get('confirmation') ?? '', {
        ...flow,
        connect: (input) => {
          // The same field rules as `POST /api/workspaces/{ws}/lti/platforms`.
          parseInput(connectionSchema, input)
          return deps.stores.registrations.create(workspace.id, input)
        },
      })
      c.get('log').info(
        { workspaceId: workspace.id, registrationId: registration.id, via: 'dynamic-registration' },
        'LMS connected',
      )
      c.header('content-security-policy', REGISTRATION_COMPLETE_CSP)
      return c.html(
        <RegistrationCompletePage
          platformName={registration.name}
          clientId={registration.clientId}
          deploymentIds={registration.deploymentIds}
        />,
      )
    }),
  )

  return app
}

/** Runs a step; an LtiError becomes the failure page (this flow's own, not the launch page). */
async function failurePage(c: Context<AppEnv>, step: () => Promise<Response>): Promise<Response> {
  c.header('cache-control', 'no-store')
  try {
    return await step()
  } catch (error) {
    if (!(error instanceof LtiError)) throw error
    c.get('log').info({ code: error.code, cause: error.cause }, error.message)
    const cause = error.cause as { error?: string; errorDescription?: string } | undefined
    const platformError =
      error.code === 'LTI_REGISTRATION_REFUSED'
        ? [cause?.error, cause?.errorDescription].filter(Boolean).join(': ')
        : ''
    return c.html(
      <RegistrationFailedPage
        code={error.code}
        correlationId={c.get('correlationId')}
        {...(platformError ? { platformError } : {})}
      />,
      error.status as 400,
    )
  }
}

/** A browser sends Origin on a form POST: only our own page may confirm a registration. */
function checkSameOrigin(c: Context<AppEnv>, publicUrl: string): void {
  const origin = c.req.header('origin')
  const site = c.req.header('sec-fetch-site')
  if (!isSameOriginPost({ origin, site }, publicUrl, ['same-origin'])) {
    throw new LtiRequestInvalid('LTI_REGISTRATION_REQUEST_INVALID', 'cross-site confirmation', {
      cause: { origin, site },
    })
  }
}

const MESSAGE_NAMES: Record<string, string> = {
  [MESSAGE_TYPE.resourceLink]: 'activities (resource links)',
  [MESSAGE_TYPE.deepLinkingRequest]: 'adding scenarios (deep linking)',
}

function serviceNames(scopes: readonly string[]): string[] {
  const names: string[] = []
  const ags: readonly string[] = [
    SCOPE.agsLineItem,
    SCOPE.agsLineItemReadonly,
    SCOPE.agsResultReadonly,
    SCOPE.agsScore,
  ]
  if (scopes.some((s) => ags.includes(s))) names.push('grades (Assignment and Grade Services)')
  if (scopes.includes(SCOPE.nrpsMembershipReadonly)) {
    names.push('course rosters (Names and Role Provisioning Services)')
  }
  return names
}
