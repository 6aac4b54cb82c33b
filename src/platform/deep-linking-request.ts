/**
 * The id_token of a deep linking request from this platform: an instructor asks a tool for
 * content to add to a context. User, context and service claims are those of a resource link
 * launch (services only once the tool has an activity in the context); the settings say what
 * comes back and carry a sealed `data` value that binds the answer to this context, tool and user.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-request-message
 */
import { SCOPE } from '../core/claims.js'
import { issueDeepLinkingRequest } from '../core/deep-linking/issue-deep-linking-request.js'
import type { IssueDeepLinkingRequestInput } from '../core/deep-linking/issue-deep-linking-request.js'
import type { DeepLinkingSettings } from '../core/deep-linking/read-deep-linking-settings.js'
import { LtiForbidden } from '../core/errors.js'
import type { IssueLaunchOptions } from '../core/launch/issue-launch.js'
import type { Clock, MacKey } from '../core/ports.js'
import type { SigningKey } from '../core/security/key-set.js'
import { sealDeepLinkingData } from './deep-linking-data.js'
import type { LinkPresentation } from './ports.js'
import { isTeachingRole } from './roles.js'
import { platformUrls } from './service-urls.js'
import { sharedMessageInput } from './message-input.js'
import type { MessageSubject } from './message-input.js'

export interface DeepLinkingRequestInput extends MessageSubject {
  /**
   * The tool has an activity in this context. Its service calls reach only such contexts (see
   * `findToolContext`), so without one the request names no AGS or NRPS endpoint. Default false.
   */
  placed?: boolean
  /** Where the picker opens: in the course page's panel (`iframe`) or a window (default). */
  documentTarget?: LinkPresentation
}

export interface DeepLinkingRequestDeps {
  publicUrl: string
  clock: Clock
  /** Seals the `data` value (the key of message hints, under its own purpose). */
  messageHintKey: MacKey
  signingKey: SigningKey
  /** Claims bound to the signed token (the LTI 1.1 migration claim); see `signMessage`. */
  extraClaims?: IssueLaunchOptions['extraClaims']
}

/** DL 2.0 §3: every content item type the platform turns into an activity or course content. */
export const ACCEPTED_CONTENT_TYPES = ['ltiResourceLink', 'link', 'file', 'html', 'image'] as const

/**
 * Signs the LtiDeepLinkingRequest that opens a tool's content picker for an instructor.
 * @throws LTI_DEEP_LINKING_NOT_ALLOWED when the tool has deep linking off or the enrollment is
 *   not an active teaching one; TypeError (`ERR_INVALID_ARG_TYPE`) when a required value is empty.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-request-message
 */
export async function buildDeepLinkingRequest(
  input: DeepLinkingRequestInput,
  deps: DeepLinkingRequestDeps,
): Promise<string> {
  const { tool, context, user, enrollment } = input
  // Checked here too: this function signs, whatever its caller checked before.
  if (!tool.services.deepLinking) {
    throw new LtiForbidden('LTI_DEEP_LINKING_NOT_ALLOWED', 'deep linking is off for this tool', {
      cause: { reason: 'tool', toolId: tool.id },
    })
  }
  if (
    enrollment.contextId !== context.id ||
    enrollment.userId !== user.id ||
    enrollment.status !== 'Active' ||
    !isTeachingRole(enrollment.roles)
  ) {
    throw new LtiForbidden('LTI_DEEP_LINKING_NOT_ALLOWED', 'deep linking needs a teaching role', {
      cause: { reason: 'role', contextId: context.id, userId: user.id },
    })
  }
  return issueDeepLinkingRequest(await deepLinkingRequestInput(input, deps), {
    signingKey: deps.signingKey,
    clock: deps.clock,
    ...(deps.extraClaims ? { extraClaims: deps.extraClaims } : {}),
  })
}

/** The `issueDeepLinkingRequest` input, unsigned (exported for tests). */
export async function deepLinkingRequestInput(
  {
    tool,
    context,
    user,
    enrollment,
    nonce,
    placed = false,
    documentTarget = 'window',
  }: DeepLinkingRequestInput,
  deps: Pick<DeepLinkingRequestDeps, 'publicUrl' | 'clock' | 'messageHintKey'>,
): Promise<IssueDeepLinkingRequestInput> {
  const urls = platformUrls(deps.publicUrl)
  const acceptLineItem = tool.services.ags.includes(SCOPE.agsLineItem)
  const settings: DeepLinkingSettings = {
    deepLinkReturnUrl: urls.deepLinkingReturnUrl,
    acceptTypes: [...ACCEPTED_CONTENT_TYPES],
    acceptPresentationDocumentTargets: ['iframe', 'window'],
    acceptMultiple: true,
    // DL 2.0 §4.4.1: line items only for a tool that may manage them (the lineitem scope).
    acceptLineItem,
    autoCreate: true,
    title: context.title,
    data: await sealDeepLinkingData(
      { contextId: context.id, toolId: tool.id, userId: user.id, acceptLineItem },
      { key: deps.messageHintKey, clock: deps.clock },
    ),
  }
  return {
    ...(await sharedMessageInput({ tool, context, user, enrollment, nonce }, urls)),
    // The URL the login was initiated for (see `resolveLaunch`).
    targetLinkUri: tool.deepLinkingUrl ?? tool.targetLinkUri,
    // Core 1.3 §5.4.3: a tool that offers "cancel" sends the instructor back to the course.
    launchPresentation: { documentTarget, returnUrl: urls.launchReturn(context.id) },
    custom: { ...tool.customParameters },
    settings,
    // AGS 2.0 §3.1, NRPS 2.0 §3: name a service only where the tool may call it in this context;
    // before its first activity here the endpoints would answer 404 (LTI_CONTEXT_NOT_FOUND).
    ...(placed && tool.services.ags.length > 0
      ? { agsEndpoint: { scope: tool.services.ags, lineitems: urls.lineItems(context.id) } }
      : {}),
    ...(placed && tool.services.nrps
      ? { nrpsService: { contextMembershipsUrl: urls.memberships(context.id) } }
      : {}),
  }
}
