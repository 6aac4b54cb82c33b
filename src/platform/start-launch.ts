/**
 * The first step of every launch from the platform: check the signed-in user may launch, then
 * send the browser to the tool's login initiation URL with a sealed message hint.
 * @see https://www.imsglobal.org/spec/security/v1p0/#initiating-login-from-a-third-party
 */
import { LtiTokenInvalid } from '../core/errors.js'
import type { Clock, MacKey } from '../core/ports.js'
import { buildLoginInitiation } from './login-initiation.js'
import { sealMessageHint } from './message-hint.js'
import type { MessageHintSubject } from './message-hint.js'
import type { User } from './ports.js'
import { resolveLaunch } from './resolve-launch.js'
import type { LaunchStores, LaunchTarget } from './resolve-launch.js'
import { platformUrls } from './service-urls.js'

export interface StartLaunchDeps {
  publicUrl: string
  clock: Clock
  messageHintKey: MacKey
  stores: LaunchStores
}

/**
 * The tool's login initiation URL for this launch, to redirect the browser to.
 * @param user - The signed-in user, `undefined` when nobody is signed in.
 * @throws LTI_SIGN_IN_REQUIRED without a user; what {@link resolveLaunch} throws
 *   (LTI_CONTEXT_NOT_FOUND, LTI_NOT_ENROLLED, LTI_RESOURCE_LINK_NOT_FOUND, LTI_TOOL_NOT_FOUND,
 *   LTI_DEEP_LINKING_NOT_ALLOWED).
 * @see https://www.imsglobal.org/spec/lti/v1p3/#additional-login-parameters
 */
export async function startLaunch(
  user: User | undefined,
  target: LaunchTarget,
  deps: StartLaunchDeps,
): Promise<URL> {
  if (!user) throw new LtiTokenInvalid('LTI_SIGN_IN_REQUIRED', 'no signed-in user')
  const launch = await resolveLaunch(target, user.id, deps.stores)
  const subject: MessageHintSubject =
    target.kind === 'launch'
      ? { ...target, toolId: launch.tool.id, userId: user.id }
      : { ...target, userId: user.id }
  return buildLoginInitiation({
    issuer: platformUrls(deps.publicUrl).issuer,
    tool: launch.tool,
    loginHint: user.id,
    targetLinkUri: launch.targetLinkUri,
    ltiMessageHint: await sealMessageHint(subject, { key: deps.messageHintKey, clock: deps.clock }),
  })
}
