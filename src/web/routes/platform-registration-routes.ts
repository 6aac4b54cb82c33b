/**
 * Dynamic Registration 1.0, platform side: the OpenID configuration document, the registration
 * endpoint tools POST their client registration to, and the admin API call that starts a
 * registration by handing out the tool's registration URL with a registration token.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { z } from 'zod'
import { LtiError, LtiRequestInvalid } from '../../core/errors.js'
import type { LtiErrorCode } from '../../core/errors.js'
import {
  platformConfiguration,
  registerTool,
  startToolRegistration,
} from '../../platform/dynamic-registration/index.js'
import type { AppEnv } from '../env.js'
import { adminAuth } from '../middleware/admin-auth.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import { readBodyText } from '../read-body.js'
import { API_BODY_LIMIT, readJson } from '../read-input.js'

const startInput = z.object({ registrationUrl: z.string().trim().min(1).max(2048) })

/** RFC 7591 §3.2.2 and RFC 6750 §3.1: the OAuth error each refusal is reported as. */
const OAUTH_ERROR: Partial<Record<LtiErrorCode, string>> = {
  LTI_REGISTRATION_TOKEN_INVALID: 'invalid_token',
  LTI_REGISTRATION_TOKEN_EXPIRED: 'invalid_token',
  LTI_REGISTRATION_TOKEN_USED: 'invalid_token',
  LTI_CLIENT_REDIRECT_URI_INVALID: 'invalid_redirect_uri',
}

export function platformRegistrationRoutes(deps: PlatformAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/.well-known/openid-configuration', (c) => {
    c.header('cache-control', 'public, max-age=300')
    return c.json(platformConfiguration(deps.publicUrl))
  })

  app.post('/lti/register', async (c) => {
    try {
      const body = await readRegistration(c)
      const token = /^Bearer\s+(\S{1,8192})$/i.exec(c.req.header('authorization') ?? '')?.[1]
      const { tool, response } = await registerTool(body, token, {
        key: deps.messageHintKey,
        clock: deps.clock,
        dev: deps.dev,
        ...(deps.toolApproval ? { approval: deps.toolApproval } : {}),
        stores: deps.stores,
      })
      c.get('log')?.info(
        {
          toolId: tool.id,
          clientId: tool.clientId,
          redirectUris: tool.redirectUris,
          status: tool.status,
        },
        'tool registered dynamically',
      )
      c.header('cache-control', 'no-store')
      // RFC 7591 §3.2.1: the client information response is 201 Created.
      return c.json(response, 201)
    } catch (error) {
      if (!(error instanceof LtiError) || error.status >= 500) throw error
      return registrationError(c, error)
    }
  })

  app.post('/api/tools/registrations', adminAuth(deps.adminToken), async (c) => {
    const { registrationUrl } = await readJson(c, startInput)
    const { launchUrl, expiresAt } = await startToolRegistration(registrationUrl, {
      publicUrl: deps.publicUrl,
      key: deps.messageHintKey,
      clock: deps.clock,
      dev: deps.dev,
    })
    return c.json({ launchUrl, expiresAt: new Date(expiresAt).toISOString() }, 201)
  })

  return app
}

async function readRegistration(c: Context<AppEnv>): Promise<unknown> {
  const type = c.req.header('content-type') ?? ''
  if (!type.startsWith('application/json')) {
    throw new LtiRequestInvalid('LTI_CLIENT_METADATA_INVALID', 'expected a JSON body', {
      cause: { field: '(body)', reason: 'content-type' },
    })
  }
  try {
    return JSON.parse(await readBodyText(c, API_BODY_LIMIT))
  } catch (error) {
    if (error instanceof LtiError) throw error
    throw new LtiRequestInvalid('LTI_CLIENT_METADATA_INVALID', 'body is not JSON', {
      cause: { field: '(body)', reason: 'not-json' },
    })
  }
}

/** The registration endpoint answers OAuth errors (RFC 7591 §3.2.2), with our code beside. */
function registrationError(c: Context<AppEnv>, error: LtiError) {
  c.get('log')?.info({ code: error.code, cause: error.cause }, error.message)
  const oauthError = OAUTH_ERROR[error.code] ?? 'invalid_client_metadata'
  if (oauthError === 'invalid_token') {
    c.header('WWW-Authenticate', 'Bearer error="invalid_token"')
  }
  c.header('cache-control', 'no-store')
  return c.json(
    {
      error: oauthError,
      error_description: `${error.message}: ${error.hint}`,
      code: error.code,
      correlationId: c.get('correlationId'),
    },
    error.status as 400,
  )
}
