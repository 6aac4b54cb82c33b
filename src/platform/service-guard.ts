/**
 * The one guard in front of every LTI Advantage service endpoint (AGS, NRPS), after oat's
 * LtiServiceServer: each handler declares its method, scopes and media types, and the guard
 * checks the bearer token, the scope, Accept, Content-Type and that the tool may still use the
 * service before the handler runs. Framework-free: the web layer hands in plain values.
 * @see https://www.imsglobal.org/spec/security/v1p0/#using-oauth-2-0-client-credentials-grant
 */
import {
  LtiError,
  LtiForbidden,
  LtiNotFound,
  LtiRequestInvalid,
  LtiTokenInvalid,
} from '../core/errors.js'
import type { Clock, MacKey } from '../core/ports.js'
import { requireScope, verifyAccessToken } from './access-token.js'
import type { AccessTokenGrant } from './access-token.js'
import type { AgsScope, Context, PlatformStores, ResourceLink, Tool } from './ports.js'
import { requireActiveTool } from './require-active-tool.js'
import type { PlatformUrls } from './service-urls.js'

export type ServiceMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

/** What the services need: stores, the URL layout and the access token key. */
export interface ServiceDeps {
  readonly stores: Pick<PlatformStores, 'contexts' | 'tools' | 'links' | 'lineItems' | 'scores'>
  readonly urls: PlatformUrls
  readonly accessTokenKey: MacKey
  readonly clock: Clock
}

/** A service call as plain values; `readBody` is only called once the guard let it through. */
export interface ServiceRequest {
  readonly authorization?: string | undefined
  readonly accept?: string | undefined
  readonly contentType?: string | undefined
  readonly query: Readonly<Record<string, string | undefined>>
  readonly readBody: () => Promise<string>
}

/** The caller the guard let through: its token and its (current) registration. */
export interface ServiceCaller {
  readonly grant: AccessTokenGrant
  readonly tool: Tool
}

export interface ServiceCall<P> {
  readonly deps: ServiceDeps
  readonly caller: ServiceCaller
  readonly request: ServiceRequest
  readonly params: P
}

/** One endpoint: what it takes and answers, and who may call it. */
export interface ServiceHandler<P> {
  readonly method: ServiceMethod
  readonly service: 'ags' | 'nrps'
  /** Any one of these scopes grants the call (AGS 2.0 §3.1 table, NRPS 2.0 §3.6.1). */
  readonly scopes: readonly string[]
  /** The media type of the answer, checked against Accept (406). */
  readonly produces?: string
  /** The media type of the request body, checked against Content-Type (415). */
  readonly consumes?: string
  handle(call: ServiceCall<P>): Promise<Response>
}

/**
 * Guards and runs one handler.
 * @throws LTI_ACCESS_TOKEN_MISSING, LTI_ACCESS_TOKEN_INVALID (401), LTI_SCOPE_INSUFFICIENT,
 *   LTI_SERVICE_NOT_ENABLED, LTI_TOOL_DISABLED (403), LTI_NOT_ACCEPTABLE (406),
 *   LTI_MEDIA_TYPE_UNSUPPORTED (415), and whatever the handler throws.
 */
export async function serveCall<P>(
  handler: ServiceHandler<P>,
  deps: ServiceDeps,
  request: ServiceRequest,
  params: P,
): Promise<Response> {
  const caller = await guardServiceCall(handler, deps, request)
  return handler.handle({ deps, caller, request, params })
}

/** The checks of {@link serveCall}, cheapest first: the token is a MAC check, no database. */
export async function guardServiceCall(
  handler: Omit<ServiceHandler<unknown>, 'handle'>,
  deps: ServiceDeps,
  request: ServiceRequest,
): Promise<ServiceCaller> {
  const grant = await verifyAccessToken(request.authorization, {
    key: deps.accessTokenKey,
    clock: deps.clock,
  })
  requireScope(grant, handler.scopes)
  if (handler.produces && !acceptable(request.accept, handler.produces)) {
    throw new LtiError('LTI_NOT_ACCEPTABLE', `"Accept" does not allow ${handler.produces}`, {
      cause: { accept: request.accept, produces: handler.produces },
    })
  }
  if (handler.consumes && mediaTypeOf(request.contentType) !== handler.consumes) {
    throw new LtiError('LTI_MEDIA_TYPE_UNSUPPORTED', `"Content-Type" must be ${handler.consumes}`, {
      cause: { contentType: request.contentType, consumes: handler.consumes },
    })
  }
  // The token outlives a change of registration by up to an hour: check the tool as it is now.
  const tool = await deps.stores.tools.findTool(grant.toolId)
  if (!tool) {
    throw new LtiTokenInvalid('LTI_ACCESS_TOKEN_INVALID', 'the tool of this token is gone')
  }
  // A tool disabled since its token was issued is refused at once, not when the token expires.
  requireActiveTool(tool)
  const enabled =
    handler.service === 'nrps'
      ? tool.services.nrps
      : handler.scopes.some(
          (s) => grant.scopes.includes(s) && tool.services.ags.includes(s as AgsScope),
        )
  if (!enabled) {
    throw new LtiForbidden('LTI_SERVICE_NOT_ENABLED', `${handler.service} is off for this tool`, {
      cause: { service: handler.service },
    })
  }
  return { grant, tool }
}

/**
 * True when an Accept header lets us answer with `mediaType`: no header, the type itself,
 * `*\/*`, `application/*` or plain `application/json` (which many tool libraries send), at a
 * quality above 0 (RFC 9110 §12.5.1).
 */
export function acceptable(accept: string | undefined, mediaType: string): boolean {
  if (!accept || accept.trim() === '') return true
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';')
    const name = type.trim().toLowerCase()
    if (
      name !== mediaType &&
      name !== '*/*' &&
      name !== 'application/*' &&
      name !== 'application/json'
    ) {
      continue
    }
    const q = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='))
    if (q === undefined || Number(q.slice(2)) > 0) return true
  }
  return false
}

/** The media type of a Content-Type header without its parameters, lower-cased. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined
  const semicolon = contentType.indexOf(';')
  return (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase()
}

/**
 * The request body as JSON.
 * @throws LTI_BODY_MALFORMED when it is not JSON.
 */
export async function readJsonBody(request: ServiceRequest): Promise<unknown> {
  const text = await request.readBody()
  try {
    return JSON.parse(text)
  } catch {
    throw new LtiRequestInvalid('LTI_BODY_MALFORMED', 'request body is not valid JSON')
  }
}

/** A JSON answer in a service media type. */
export function jsonResponse(
  status: number,
  mediaType: string,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': mediaType, ...headers },
  })
}

/**
 * The context of a service call and the tool's resource links in it. A tool reaches a context's
 * line items and roster only where it has been placed (at least one resource link); elsewhere
 * the context does not exist for it, so no tool learns which other contexts there are.
 * @throws LTI_CONTEXT_NOT_FOUND
 */
export async function findToolContext(
  deps: ServiceDeps,
  caller: ServiceCaller,
  contextId: string,
): Promise<{ context: Context; links: ResourceLink[] }> {
  const context = await deps.stores.contexts.findContext(contextId)
  const links = context
    ? (await deps.stores.links.listLinks(contextId)).filter((l) => l.toolId === caller.tool.id)
    : []
  if (!context || links.length === 0) {
    throw new LtiNotFound('LTI_CONTEXT_NOT_FOUND', 'no context of this tool has this ID', {
      cause: { contextId },
    })
  }
  return { context, links }
}
