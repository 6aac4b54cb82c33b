/**
 * The platform's LTI endpoints, mounted at `/lti`: the OIDC authentication endpoint, the
 * platform's key set and the OAuth 2 token endpoint. Paths match `platform/service-urls`.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { LtiError, LtiRequestInvalid } from '../../core/errors.js'
import { oauthErrorDescription } from '../../platform/authentication-request.js'
import { authenticate } from '../../platform/authenticate.js'
import { lti1p1CredentialsOf } from '../../platform/lti11/migration-claim.js'
import { grantAccessToken, notAFormRequest, tokenErrorOf } from '../../platform/token-endpoint.js'
import type { AppEnv } from '../env.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import { readSignedInUser } from '../platform-session.js'
import { readBodyText } from '../read-body.js'
import { API_BODY_LIMIT, LTI_BODY_LIMIT } from '../read-input.js'
import { AUTO_POST_FORM_CSP, autoPostFormPage } from '../views/auto-post-form.js'

const FORM_TYPE = 'application/x-www-form-urlencoded'

export function platformLtiRoutes(deps: PlatformAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const lti1p1Credentials = lti1p1CredentialsOf({
    lti11Tools: deps.stores.lti11Tools,
    secretBox: deps.secretBox,
  })

  // Security Framework §5.1.1.2 and OIDC Core §3.1.2.1: GET and POST (form) must both work.
  const authorize = async (c: Context<AppEnv>) => {
    c.set('browserFlow', true)
    let params: URLSearchParams
    if (c.req.method === 'POST') {
      if (!isForm(c)) {
        throw new LtiRequestInvalid('LTI_AUTH_REQUEST_INVALID', 'expected a form POST', {
          cause: { contentType: c.req.header('content-type') },
        })
      }
      params = new URLSearchParams(await readBodyText(c, LTI_BODY_LIMIT))
    } else {
      params = new URL(c.req.url).searchParams
    }
    const user = await readSignedInUser(c, deps)
    const response = await authenticate(params, user, {
      publicUrl: deps.publicUrl,
      clock: deps.clock,
      messageHintKey: deps.messageHintKey,
      signingKey: () => deps.keys.signingKey(),
      stores: deps.stores,
      lti1p1Credentials,
    })
    const log = c.get('log')
    if (response.error) {
      const { code, message, cause } = response.error
      log?.info({ code, cause, error: response.fields.error }, `authentication refused: ${message}`)
    } else {
      log?.info({ userId: user?.id, redirectUri: response.redirectUri }, 'authentication response')
    }
    // The page carries a signed id_token: never cached, never leaked through Referer.
    c.header('cache-control', 'no-store')
    c.header('pragma', 'no-cache')
    c.header('referrer-policy', 'no-referrer')
    c.header('content-security-policy', AUTO_POST_FORM_CSP)
    return c.html(autoPostFormPage({ action: response.redirectUri, fields: response.fields }))
  }
  app.get('/authorize', authorize)
  app.post('/authorize', authorize)

  app.get('/jwks', async (c) => {
    const jwks = await deps.keys.publicJwks()
    // Short: a rotation publishes the next key ahead of use, so verifiers refetch in time.
    c.header('cache-control', 'public, max-age=300')
    return c.json(jwks)
  })

  app.post('/token', async (c) => {
    // RFC 6749 §5.1: token responses, good or bad, are never cached.
    c.header('cache-control', 'no-store')
    c.header('pragma', 'no-cache')
    try {
      if (!isForm(c)) throw notAFormRequest()
      const form = new URLSearchParams(await readBodyText(c, API_BODY_LIMIT))
      const token = await grantAccessToken(form, {
        publicUrl: deps.publicUrl,
        tools: deps.stores.tools,
        keys: deps.toolKeys,
        nonces: deps.stores.nonces,
        clock: deps.clock,
        clockSkewSeconds: deps.clockSkewSeconds,
        accessTokenKey: deps.accessTokenKey,
      })
      c.get('log')?.info({ scope: token.scope }, 'access token issued')
      return c.json(token)
    } catch (err) {
      if (!(err instanceof LtiError)) throw err
      return tokenError(c, err)
    }
  })
  app.on(['GET', 'PUT', 'DELETE', 'PATCH'], '/token', (c) => {
    c.header('allow', 'POST')
    return tokenError(c, notAFormRequest(), 405)
  })

  return app
}

/**
 * RFC 6749 §5.2: a JSON error. `invalid_client` is 401 with a challenge naming how clients
 * authenticate here (a signed JWT, RFC 7523), the rest 400. `code` is the stable ltikit code.
 */
function tokenError(c: Context<AppEnv>, err: LtiError, status?: 405) {
  const error = tokenErrorOf(err)
  c.get('log')?.info({ code: err.code, cause: err.cause, error }, `token refused: ${err.message}`)
  c.header('cache-control', 'no-store')
  c.header('pragma', 'no-cache')
  if (error === 'invalid_client') {
    c.header('www-authenticate', `private_key_jwt error="invalid_client"`)
  }
  const body = { error, error_description: oauthErrorDescription(err), code: err.code }
  return c.json(body, status ?? (error === 'invalid_client' ? 401 : 400))
}

function isForm(c: Context): boolean {
  return (c.req.header('content-type') ?? '').toLowerCase().startsWith(FORM_TYPE)
}
