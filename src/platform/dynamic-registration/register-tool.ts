/**
 * The platform's registration endpoint, without HTTP: checks the registration token and the
 * tool's client registration, creates the tool with its client ID and deployment, and builds the
 * registration response. Nothing is written until everything has been checked, and the token is
 * consumed before the tool is created, so a replay can never create a second tool.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#tool-registration
 */
import { MESSAGE_TYPE, REGISTRATION_CLAIM, SCOPE } from '../../core/claims.js'
import type { ClientRegistrationInput } from '../../core/dynamic-registration/build-client-registration.js'
import { parseClientRegistration } from '../../core/dynamic-registration/parse-client-registration.js'
import type { Clock, MacKey, NonceStore } from '../../core/ports.js'
import type { AgsScope, NewTool, Tool, ToolStatus, ToolStore } from '../ports.js'
import { OFFERED_SCOPES } from './platform-configuration.js'
import { consumeRegistrationToken, openRegistrationToken } from './registration-token.js'

export interface RegisterToolDeps {
  /** The key registration tokens are sealed with (the platform's message hint key). */
  readonly key: MacKey
  readonly clock: Clock
  readonly dev: boolean
  /** `manual`: the tool is created `pending` until an admin approves it. Default `auto`. */
  readonly approval?: 'auto' | 'manual'
  readonly stores: { readonly tools: ToolStore; readonly nonces: NonceStore }
}

/** The created tool and the body of the registration response. */
export interface ToolRegistered {
  readonly tool: Tool
  readonly response: Record<string, unknown>
}

const AGS_SCOPES: readonly string[] = [
  SCOPE.agsLineItem,
  SCOPE.agsLineItemReadonly,
  SCOPE.agsResultReadonly,
  SCOPE.agsScore,
]

/**
 * Registers a tool from its client registration request.
 *
 * @param body The parsed JSON body the tool POSTed.
 * @param registrationToken The bearer token of the request, if any.
 * @throws LTI_REGISTRATION_TOKEN_INVALID, LTI_REGISTRATION_TOKEN_EXPIRED,
 *   LTI_REGISTRATION_TOKEN_USED when the token does not allow a registration.
 * @throws LTI_CLIENT_METADATA_INVALID, LTI_CLIENT_REDIRECT_URI_INVALID when the request does not
 *   describe an LTI tool this platform can launch (see `parseClientRegistration`).
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#successful-registration
 */
export async function registerTool(
  body: unknown,
  registrationToken: string | undefined,
  deps: RegisterToolDeps,
): Promise<ToolRegistered> {
  const grant = await openRegistrationToken(registrationToken, {
    key: deps.key,
    clock: deps.clock,
    nonces: deps.stores.nonces,
  })
  const registration = parseClientRegistration(body, { dev: deps.dev })
  const granted = registration.scopes.filter((s) => OFFERED_SCOPES.includes(s))
  // §3.6 leaves it to the platform whether a registered tool is usable at once.
  const newTool = { ...toolOf(registration, granted), status: statusOf(deps.approval) }
  await consumeRegistrationToken(grant, deps.stores.nonces)
  const tool = await deps.stores.tools.createTool(newTool)
  return { tool, response: responseOf(body as Record<string, unknown>, tool, granted) }
}

/** The tool as the platform keeps it: one deployment, services and privacy from the request. */
function toolOf(registration: ClientRegistrationInput, granted: readonly string[]): NewTool {
  const deepLinking = registration.messages.find((m) => m.type === MESSAGE_TYPE.deepLinkingRequest)
  const resourceLink = registration.messages.find((m) => m.type === MESSAGE_TYPE.resourceLink)
  const deepLinkingUrl = deepLinking
    ? (deepLinking.targetLinkUri ?? registration.targetLinkUri)
    : undefined
  // Core 1.3 §5.1.1: launches post to a registered redirect URI; a message's own target link URI
  // is where that message goes, so it is registered too.
  const redirectUris = [
    ...new Set([
      ...registration.redirectUris,
      ...(resourceLink?.targetLinkUri ? [resourceLink.targetLinkUri] : []),
      ...(deepLinkingUrl ? [deepLinkingUrl] : []),
    ]),
  ]
  const claims = new Set(registration.claims)
  return {
    name: registration.clientName,
    oidcLoginUrl: registration.initiateLoginUri,
    redirectUris,
    targetLinkUri: resourceLink?.targetLinkUri ?? registration.targetLinkUri,
    jwksUrl: registration.jwksUri,
    ...(deepLinkingUrl ? { deepLinkingUrl } : {}),
    customParameters: { ...registration.customParameters, ...resourceLink?.customParameters },
    // Dynamic Registration §2.4.2 "claims": personal data only when the tool asks for it.
    privacy: {
      sendName: claims.has('name') || claims.has('given_name') || claims.has('family_name'),
      sendEmail: claims.has('email'),
    },
    services: {
      ags: granted.filter((s): s is AgsScope => AGS_SCOPES.includes(s)),
      nrps: granted.includes(SCOPE.nrpsMembershipReadonly),
      deepLinking: deepLinking !== undefined,
    },
  }
}

function statusOf(approval: RegisterToolDeps['approval']): ToolStatus {
  return approval === 'manual' ? 'pending' : 'active'
}

/** §3.6.1: the request echoed with the client ID, the granted scopes and the deployment ID. */
function responseOf(
  request: Record<string, unknown>,
  tool: Tool,
  granted: readonly string[],
): Record<string, unknown> {
  const config = request[REGISTRATION_CLAIM.toolConfiguration] as Record<string, unknown>
  return {
    client_id: tool.clientId,
    application_type: request.application_type,
    response_types: request.response_types,
    grant_types: request.grant_types,
    initiate_login_uri: tool.oidcLoginUrl,
    redirect_uris: tool.redirectUris,
    client_name: tool.name,
    jwks_uri: tool.jwksUrl,
    token_endpoint_auth_method: request.token_endpoint_auth_method,
    scope: granted.join(' '),
    [REGISTRATION_CLAIM.toolConfiguration]: { ...config, deployment_id: tool.deploymentId },
  }
}
