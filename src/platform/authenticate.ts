/**
 * The platform's OIDC authentication endpoint: answers a tool's authentication request with the
 * signed LTI message for the launch its `lti_message_hint` names, for the user signed in here.
 * @see https://www.imsglobal.org/spec/security/v1p0/#authentication-response
 */
import { LtiError, LtiForbidden, LtiTokenInvalid } from '../core/errors.js'
import type { Clock, MacKey } from '../core/ports.js'
import type { SigningKey } from '../core/security/key-set.js'
import {
  checkAuthenticationRequest,
  identifyClient,
  oauthErrorDescription,
  oidcErrorOf,
} from './authentication-request.js'
import type { AuthenticationClient } from './authentication-request.js'
import { buildDeepLinkingRequest } from './deep-linking-request.js'
import { lti1p1Claims } from './lti11/migration-claim.js'
import type { Lti1p1Credentials } from './lti11/migration-claim.js'
import { openMessageHint } from './message-hint.js'
import type { Tool, User } from './ports.js'
import { resolveLaunch } from './resolve-launch.js'
import type { LaunchStores, LaunchTarget } from './resolve-launch.js'
import { buildResourceLinkLaunch } from './resource-link-launch.js'

export interface AuthenticateDeps {
  publicUrl: string
  clock: Clock
  /** Opens the message hint; also seals the deep linking `data` value. */
  messageHintKey: MacKey
  /** The platform's active signing key, fetched only when a message is signed. */
  signingKey(): Promise<SigningKey>
  stores: LaunchStores
  /**
   * The LTI 1.1 credentials of the registration a tool replaces (`Tool.lti11ToolId`): when
   * given, its messages carry the `lti1p1` migration claim (see `lti11/migration-claim`).
   */
  lti1p1Credentials?(tool: Tool): Promise<Lti1p1Credentials | undefined>
}

/** What to form-post to the tool's redirect URI (`response_mode=form_post`). */
export interface AuthenticationResponse {
  readonly redirectUri: string
  /** `id_token` and `state`, or an OIDC error: `error`, `error_description` and `state`. */
  readonly fields: Readonly<Record<string, string>>
  /** The failure behind an OIDC error response, for the log. */
  readonly error?: LtiError
}

/**
 * Validates an authentication request and builds the response to post to the tool.
 *
 * Once `client_id` and `redirect_uri` are known good, every failure becomes an OIDC error
 * response to the tool (`error` from `cause.oidcError`, `error_description` starting with the
 * LtiError code) rather than an exception.
 *
 * @param params - The request's query (GET) or form body (POST).
 * @param user - The user signed in to the platform in this browser, if any.
 * @throws LTI_AUTH_REQUEST_INVALID (missing `client_id`), LTI_TOOL_NOT_FOUND,
 *   LTI_REDIRECT_URI_INVALID: the request cannot be answered at its redirect URI.
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-3-authentication-response
 */
export async function authenticate(
  params: URLSearchParams,
  user: User | undefined,
  deps: AuthenticateDeps,
): Promise<AuthenticationResponse> {
  const client = await identifyClient(params, deps.stores.tools)
  const state: Record<string, string> = client.state === undefined ? {} : { state: client.state }
  try {
    const idToken = await issueMessage(params, client, user, deps)
    return { redirectUri: client.redirectUri, fields: { id_token: idToken, ...state } }
  } catch (error) {
    if (!(error instanceof LtiError)) throw error
    return {
      redirectUri: client.redirectUri,
      fields: {
        error: oidcErrorOf(error),
        error_description: oauthErrorDescription(error),
        ...state,
      },
      error,
    }
  }
}

async function issueMessage(
  params: URLSearchParams,
  { tool }: AuthenticationClient,
  user: User | undefined,
  deps: AuthenticateDeps,
): Promise<string> {
  const request = checkAuthenticationRequest(params)
  // Security Framework §5.1.1.2: the platform authenticates the user; with prompt=none there is
  // no sign-in page to show, so no session means login_required.
  if (!user) throw new LtiTokenInvalid('LTI_SIGN_IN_REQUIRED', 'no signed-in user')
  if (request.loginHint !== user.id) {
    throw new LtiForbidden('LTI_LOGIN_HINT_INVALID', '"login_hint" is not the signed-in user', {
      cause: { parameter: 'login_hint' },
    })
  }
  const hint = await openMessageHint(request.ltiMessageHint, {
    key: deps.messageHintKey,
    clock: deps.clock,
  })
  if (hint === 'invalid' || hint === 'expired') {
    throw badHint(`"lti_message_hint" is ${hint}`, hint)
  }
  // The hint is bound to who launched and to which tool: no other user, no other client.
  if (hint.userId !== user.id) throw badHint('"lti_message_hint" is for another user', 'user')
  if (hint.toolId !== tool.id) throw badHint('"lti_message_hint" is for another tool', 'tool')

  const target: LaunchTarget =
    hint.kind === 'launch'
      ? { kind: 'launch', contextId: hint.contextId, linkId: hint.linkId }
      : {
          kind: 'deep-linking',
          contextId: hint.contextId,
          toolId: hint.toolId,
          ...(hint.documentTarget ? { documentTarget: hint.documentTarget } : {}),
        }
  // Checked again: the enrollment, activity or tool may have changed since login initiation.
  // The client's tool was just read; it stands in for the launch's own when the IDs agree.
  const launch = await resolveLaunch(target, user.id, deps.stores, tool)
  const { context, enrollment, link, tool: launched } = launch
  if (launched.id !== tool.id) throw badHint('the activity belongs to another tool', 'tool')
  const signingKey = await deps.signingKey()
  const credentials = await deps.lti1p1Credentials?.(tool)
  const extra = credentials ? { extraClaims: lti1p1Claims(credentials) } : {}
  if (link) {
    return buildResourceLinkLaunch(
      { tool, context, link, user, enrollment, nonce: request.nonce },
      { publicUrl: deps.publicUrl, clock: deps.clock, signingKey, ...extra },
    )
  }
  // A tool's services reach a context once it has an activity there (see `findToolContext`).
  const placed = (await deps.stores.links.listLinks(context.id)).some((l) => l.toolId === tool.id)
  return buildDeepLinkingRequest(
    {
      tool,
      context,
      user,
      enrollment,
      nonce: request.nonce,
      placed,
      ...(hint.kind === 'deep-linking' && hint.documentTarget
        ? { documentTarget: hint.documentTarget }
        : {}),
    },
    {
      publicUrl: deps.publicUrl,
      clock: deps.clock,
      messageHintKey: deps.messageHintKey,
      signingKey,
      ...extra,
    },
  )
}

function badHint(message: string, reason: string): LtiError {
  return new LtiForbidden('LTI_MESSAGE_HINT_INVALID', message, {
    cause: { parameter: 'lti_message_hint', reason, oidcError: 'invalid_request' },
  })
}
