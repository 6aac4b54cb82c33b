/**
 * The LTI 1.1 Basic Outcomes endpoint, mounted at `/lti11`: `POST /lti11/outcomes`, the
 * `lis_outcome_service_url` of every graded 1.1 launch. A POX XML body signed with OAuth 1.0a
 * and the body hash; the answer is always an `imsx_POXEnvelopeResponse`.
 *
 * Status codes. LTI 1.1 §6 carries the outcome in `imsx_codeMajor` (success, failure,
 * unsupported) of an HTTP 200 answer. A request that cannot be authenticated never reaches
 * POX processing: it gets RFC 5849 §3.2's status (400 for a missing, repeated or unsupported
 * OAuth parameter, 401 for an unknown key, a bad signature or body hash, a stale timestamp or
 * a used nonce) with a POX `failure` body, so a client reading only the XML also sees it fail.
 * Nothing is written for any failure; each is logged with its code and the correlation ID.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide (§6, LTI Basic Outcomes)
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.2
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { LtiError } from '../../core/errors.js'
import { parseOAuth1AuthorizationHeader } from '../../core/lti11/authorization-header.js'
import { validateOAuth1Request } from '../../core/lti11/validate-oauth1-request.js'
import { basicOutcomesUrl, carryOutBasicOutcome } from '../../platform/lti11/basic-outcomes.js'
import {
  POX_MAX_LENGTH,
  PoxRequestInvalid,
  parsePoxRequest,
  poxResponse,
} from '../../platform/lti11/pox.js'
import type { PoxResponseInput } from '../../platform/lti11/pox.js'
import type { Lti11Tool } from '../../platform/ports.js'
import type { AppEnv } from '../env.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import { readBodyText } from '../read-body.js'

type Answer = Omit<PoxResponseInput, 'messageIdentifier'>

export function platformLti11OutcomesRoutes(deps: PlatformAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { stores } = deps
  const serviceUrl = basicOutcomesUrl(deps.publicUrl)

  const respond = (c: Context<AppEnv>, answer: Answer, status: 200 | 400 | 401 | 413 = 200) => {
    c.header('cache-control', 'no-store')
    if (status === 401) c.header('www-authenticate', 'OAuth realm="ltikit"')
    return c.body(poxResponse({ ...answer, messageIdentifier: crypto.randomUUID() }), status, {
      'content-type': 'application/xml; charset=utf-8',
    })
  }

  /** A refused request: logged with its code (never the body or a secret), answered `failure`. */
  const refuse = (c: Context<AppEnv>, error: LtiError, refs: Partial<Answer> = {}) => {
    c.get('log').info({ code: error.code, cause: error.cause }, `outcome refused: ${error.message}`)
    return {
      codeMajor: 'failure' as const,
      // The code, for the tool's developers to look up in docs/errors.md; never a secret.
      description: `${error.code}: ${error.message}`,
      messageRefIdentifier: refs.messageRefIdentifier ?? '',
      operation: refs.operation ?? 'unknown',
    }
  }

  app.post('/outcomes', async (c) => {
    let tool: Lti11Tool | undefined
    let xml: string
    try {
      xml = await readBodyText(c, POX_MAX_LENGTH)
      const url = new URL(c.req.url)
      // The tool signs the URL we gave it (behind a proxy, not the one this server sees).
      await validateOAuth1Request({
        method: 'POST',
        url: serviceUrl + url.search,
        params: parseOAuth1AuthorizationHeader(c.req.header('authorization') ?? ''),
        // The body as received; its text was decoded as UTF-8, which POX bodies are.
        body: new TextEncoder().encode(xml),
        findConsumerSecret: async (consumerKey) => {
          tool = await stores.lti11Tools.findLti11ToolByConsumerKey(consumerKey)
          // A disabled tool's key is refused like an unknown one.
          if (!tool || tool.status !== 'active') return undefined
          return deps.secretBox.open(tool.encryptedSharedSecret)
        },
        nonces: stores.nonces,
        now: deps.clock.now(),
      })
    } catch (error) {
      if (!(error instanceof LtiError) || error.status >= 500) throw error
      const status = error.status === 413 ? 413 : error.status === 401 ? 401 : 400
      return respond(c, refuse(c, error), status)
    }
    const authenticated = tool as Lti11Tool

    let request
    try {
      request = parsePoxRequest(xml)
    } catch (error) {
      if (!(error instanceof PoxRequestInvalid)) throw error
      return respond(
        c,
        refuse(c, error, {
          ...(error.messageIdentifier ? { messageRefIdentifier: error.messageIdentifier } : {}),
          ...(error.operationName ? { operation: error.operationName } : {}),
        }),
      )
    }
    const refs = { messageRefIdentifier: request.messageIdentifier }
    if (request.operation === 'unsupported') {
      c.get('log').info({ operation: request.operationName }, 'outcome operation unsupported')
      return respond(c, {
        ...refs,
        codeMajor: 'unsupported',
        severity: 'status',
        description: `${request.operationName} is not supported`,
        operation: request.operationName,
      })
    }
    try {
      const result = await carryOutBasicOutcome(request, authenticated, {
        clock: deps.clock,
        sourcedIdKey: deps.messageHintKey,
        stores,
      })
      c.get('log').info(
        { lti11ToolId: authenticated.id, operation: request.operation },
        'outcome processed',
      )
      return respond(c, {
        ...refs,
        codeMajor: 'success',
        description: `${request.operation} done`,
        operation: request.operation,
        ...(result.score !== undefined ? { score: result.score } : {}),
      })
    } catch (error) {
      if (!(error instanceof LtiError) || error.status >= 500) throw error
      return respond(c, refuse(c, error, { ...refs, operation: request.operation }))
    }
  })

  return app
}
