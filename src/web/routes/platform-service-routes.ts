/**
 * The platform's LTI Advantage service endpoints (AGS line items, scores, results; NRPS
 * memberships), mounted at `/lti/contexts` so the URLs match `platformUrls()`. Each route hands
 * plain request values to a framework-free handler behind the one service guard.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { LtiError } from '../../core/errors.js'
import { createLineItem, listLineItems } from '../../platform/ags/line-items-container.js'
import {
  deleteLineItem,
  getLineItem,
  updateLineItem,
} from '../../platform/ags/line-item-resource.js'
import { listResults } from '../../platform/ags/list-results.js'
import { postScore } from '../../platform/ags/post-score.js'
import { listMemberships } from '../../platform/nrps/list-memberships.js'
import { serveCall } from '../../platform/service-guard.js'
import type { ServiceDeps, ServiceHandler, ServiceRequest } from '../../platform/service-guard.js'
import { platformUrls } from '../../platform/service-urls.js'
import type { AppEnv } from '../env.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import { readBodyText } from '../read-body.js'
import { API_BODY_LIMIT } from '../read-input.js'

export function platformServiceRoutes(deps: PlatformAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const services: ServiceDeps = {
    stores: deps.stores,
    urls: platformUrls(deps.publicUrl),
    accessTokenKey: deps.accessTokenKey,
    clock: deps.clock,
  }

  // Every path answers its declared methods; any other gets 405 with an Allow header.
  function mount<P>(path: string, handlers: readonly ServiceHandler<P>[]): void {
    for (const handler of handlers) {
      app.on(handler.method, path, (c) =>
        serveCall(handler, services, serviceRequest(c), c.req.param() as P).catch((err) => {
          // RFC 6750 §3: a refused bearer token is answered with a challenge.
          if (err instanceof LtiError && err.status === 401) {
            c.header('www-authenticate', 'Bearer error="invalid_token"')
          }
          throw err
        }),
      )
    }
    const allow = handlers.map((h) => h.method).join(', ')
    app.all(path, (c) => {
      c.header('allow', allow)
      throw new LtiError('LTI_METHOD_NOT_ALLOWED', `${c.req.method} is not allowed here`, {
        cause: { allow },
      })
    })
  }

  mount('/:contextId/lineitems', [listLineItems, createLineItem])
  mount('/:contextId/lineitems/:lineItemId', [getLineItem, updateLineItem, deleteLineItem])
  mount('/:contextId/lineitems/:lineItemId/scores', [postScore])
  mount('/:contextId/lineitems/:lineItemId/results', [listResults])
  mount('/:contextId/memberships', [listMemberships])
  return app
}

function serviceRequest(c: Context<AppEnv>): ServiceRequest {
  return {
    authorization: c.req.header('authorization'),
    accept: c.req.header('accept'),
    contentType: c.req.header('content-type'),
    query: c.req.query(),
    readBody: () => readBodyText(c, API_BODY_LIMIT),
  }
}
