/**
 * The deep linking return URL, mounted at `/lti/deep-linking`: the tool's page auto-posts its
 * LtiDeepLinkingResponse here (form field `JWT`) from the instructor's browser.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message
 */
import { Hono } from 'hono'
import { LtiRequestInvalid } from '../../core/errors.js'
import { absorbDeepLinkingResponse } from '../../platform/deep-linking-response.js'
import { platformUrls } from '../../platform/service-urls.js'
import type { AppEnv } from '../env.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import { readBodyText } from '../read-body.js'
import { LTI_BODY_LIMIT } from '../read-input.js'
import { DeepLinkingResultPage } from '../views/platform-deep-linking-result.js'
import { pageHeaders } from './platform-page-kit.js'

export function platformDeepLinkingRoutes(deps: PlatformAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.post('/return', async (c) => {
    c.set('browserFlow', true)
    const jwt = await readJwtField(c.req.header('content-type'), () =>
      readBodyText(c, LTI_BODY_LIMIT),
    )
    // No session is needed: the tool's form post is cross-site (no SameSite=Lax cookie comes
    // along), and the sealed `data` names the instructor and context the request was for.
    const result = await absorbDeepLinkingResponse(jwt, {
      stores: deps.stores,
      toolKeys: deps.toolKeys,
      publicUrl: deps.publicUrl,
      clock: deps.clock,
      clockSkewSeconds: deps.clockSkewSeconds,
      messageHintKey: deps.messageHintKey,
      dev: deps.dev,
    })
    const log = c.get('log')
    const facts = {
      contextId: result.contextId,
      toolId: result.toolId,
      links: result.links.map((l) => l.id),
      lineItems: result.lineItems.map((l) => l.id),
      contentItems: result.contentItems.map((i) => i.id),
    }
    // DL 2.0 §4.5: log and errorlog are meant for the platform's log, not the user.
    log?.info({ ...facts, toolLog: result.log }, 'deep linking response absorbed')
    if (result.errorlog !== undefined || result.errormsg !== undefined) {
      log?.warn(
        { ...facts, toolErrorLog: result.errorlog, toolErrorMsg: result.errormsg },
        'tool reported a deep linking error',
      )
    }
    const context = await deps.stores.contexts.findContext(result.contextId)
    // Shown in the course page's panel (framed by our own page) or in the picker's window.
    pageHeaders(c)
    return c.html(
      DeepLinkingResultPage({
        contextTitle: context?.title ?? result.contextId,
        contextUrl: platformUrls(deps.publicUrl).contextPage(result.contextId),
        links: result.links,
        contentItems: result.contentItems,
        ...(result.msg === undefined ? {} : { msg: result.msg }),
        ...(result.errormsg === undefined ? {} : { errormsg: result.errormsg }),
      }),
    )
  })

  return app
}

/** DL 2.0 §4.5: the response is a form POST with the signed token in the `JWT` field. */
async function readJwtField(
  contentType: string | undefined,
  readBody: () => Promise<string>,
): Promise<string> {
  if (!(contentType ?? '').startsWith('application/x-www-form-urlencoded')) {
    throw new LtiRequestInvalid(
      'LTI_DEEP_LINKING_RESPONSE_INVALID',
      'expected a form POST (application/x-www-form-urlencoded)',
      { cause: { field: 'JWT' } },
    )
  }
  const jwt = new URLSearchParams(await readBody()).get('JWT')
  if (!jwt) {
    throw new LtiRequestInvalid('LTI_DEEP_LINKING_RESPONSE_INVALID', 'missing "JWT" form field', {
      cause: { field: 'JWT' },
    })
  }
  return jwt
}
