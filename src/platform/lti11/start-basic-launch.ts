/**
 * An LTI 1.1 basic launch from this platform: check the signed-in user may open the activity,
 * then sign its parameters with the tool's consumer key and secret (OAuth 1.0a HMAC-SHA1) for the
 * browser to form-post to the tool's launch URL.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide (§3, §4 security)
 */
import { LtiForbidden, LtiNotFound } from '../../core/errors.js'
import { randomString } from '../../core/lib/random.js'
import { signOAuth1Request } from '../../core/lti11/sign-oauth1-request.js'
import type { Clock, MacKey } from '../../core/ports.js'
import type { SecretBox } from '../../core/security/secret-box.js'
import type { ContextStore, Lti11Tool, ResourceLink, User } from '../ports.js'
import { basicLaunchParameters } from './basic-launch-parameters.js'
import { basicOutcomesUrl } from './basic-outcomes.js'
import { sealResultSourcedId } from './result-sourcedid.js'

export interface BasicLaunchDeps {
  readonly publicUrl: string
  readonly clock: Clock
  /** Seals `lis_result_sourcedid` values (see `result-sourcedid`). */
  readonly sourcedIdKey: MacKey
  /** Opens the tool's shared secret. */
  readonly secretBox: SecretBox
  readonly stores: { readonly contexts: Pick<ContextStore, 'findContext' | 'findEnrollment'> }
}

/** The activity to launch, already found to belong to `tool`. */
export interface BasicLaunchTarget {
  readonly contextId: string
  readonly link: ResourceLink
  readonly tool: Lti11Tool
}

/** The form to post: the tool's launch URL and the signed parameters. */
export interface SignedBasicLaunch {
  readonly action: string
  readonly fields: ReadonlyArray<readonly [string, string]>
}

/**
 * @throws LTI_CONTEXT_NOT_FOUND, LTI_RESOURCE_LINK_NOT_FOUND (the activity is in another
 *   context), LTI_NOT_ENROLLED (no active enrollment), LTI_TOOL_DISABLED, LTI_KEY_UNAVAILABLE
 *   (the shared secret cannot be opened with the configured keys)
 */
export async function startBasicLaunch(
  user: User,
  { contextId, link, tool }: BasicLaunchTarget,
  deps: BasicLaunchDeps,
): Promise<SignedBasicLaunch> {
  const [context, enrollment] = await Promise.all([
    deps.stores.contexts.findContext(contextId),
    deps.stores.contexts.findEnrollment(contextId, user.id),
  ])
  if (!context) {
    throw new LtiNotFound('LTI_CONTEXT_NOT_FOUND', 'no context with this ID', {
      cause: { contextId },
    })
  }
  // An activity of another context is as absent as a missing one: no probing across courses.
  if (link.contextId !== context.id) {
    throw new LtiNotFound('LTI_RESOURCE_LINK_NOT_FOUND', 'no activity with this ID here', {
      cause: { contextId, linkId: link.id },
    })
  }
  if (!enrollment || enrollment.status !== 'Active') {
    throw new LtiForbidden('LTI_NOT_ENROLLED', 'user has no active enrollment in the context', {
      cause: { contextId, userId: user.id, status: enrollment?.status },
    })
  }
  if (tool.status !== 'active') {
    throw new LtiForbidden('LTI_TOOL_DISABLED', 'LTI 1.1 tool is disabled', {
      cause: { toolId: tool.id, status: tool.status },
    })
  }
  // LTI 1.1 §6: a result is the learner's; an instructor's launch carries no sourcedId.
  const graded = link.lineItemId !== undefined && enrollment.roles.includes('Learner')
  const params = await basicLaunchParameters(
    {
      tool,
      context,
      link,
      user,
      enrollment,
      ...(graded
        ? {
            outcome: {
              serviceUrl: basicOutcomesUrl(deps.publicUrl),
              resultSourcedId: await sealResultSourcedId(
                { linkId: link.id, userId: user.id },
                deps.sourcedIdKey,
              ),
            },
          }
        : {}),
    },
    deps.publicUrl,
  )
  const fields = await signOAuth1Request({
    method: 'POST',
    url: tool.launchUrl,
    params,
    consumerKey: tool.consumerKey,
    consumerSecret: await deps.secretBox.open(tool.encryptedSharedSecret),
    nonce: randomString(16),
    timestamp: Math.floor(deps.clock.now() / 1000),
  })
  return { action: tool.launchUrl, fields }
}
