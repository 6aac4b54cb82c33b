/**
 * The id_token of a resource link launch from this platform: who launches (with the personal
 * data the tool may see), in which context, which activity, and the service endpoints the tool
 * may call back. Signing and privacy rules live in core `issueLaunch`.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#resource-link-launch-request-message
 */
import { issueLaunch } from '../core/launch/issue-launch.js'
import type { IssueLaunchInput, IssueLaunchOptions } from '../core/launch/issue-launch.js'
import type { Clock } from '../core/ports.js'
import type { SigningKey } from '../core/security/key-set.js'
import type { MessageSubject } from './message-input.js'
import type { ResourceLink } from './ports.js'
import { sharedMessageInput } from './message-input.js'
import { platformUrls } from './service-urls.js'

export interface ResourceLinkLaunchInput extends MessageSubject {
  link: ResourceLink
}

export interface ResourceLinkLaunchDeps {
  publicUrl: string
  clock: Clock
  signingKey: SigningKey
  /** Claims bound to the signed token (the LTI 1.1 migration claim); see `signMessage`. */
  extraClaims?: IssueLaunchOptions['extraClaims']
}

/**
 * Signs the LtiResourceLinkRequest of one activity for one enrolled user.
 * @throws TypeError (`ERR_INVALID_ARG_TYPE`) when a required value is empty (a store bug).
 * @see https://www.imsglobal.org/spec/lti/v1p3/#required-message-claims
 */
export async function buildResourceLinkLaunch(
  input: ResourceLinkLaunchInput,
  deps: ResourceLinkLaunchDeps,
): Promise<string> {
  return issueLaunch(await resourceLinkLaunchInput(input, deps.publicUrl), {
    signingKey: deps.signingKey,
    clock: deps.clock,
    ...(deps.extraClaims ? { extraClaims: deps.extraClaims } : {}),
  })
}

/** The `issueLaunch` input of an activity launch, unsigned (exported for tests and benches). */
export async function resourceLinkLaunchInput(
  { tool, context, link, user, enrollment, nonce }: ResourceLinkLaunchInput,
  publicUrl: string,
): Promise<IssueLaunchInput> {
  const urls = platformUrls(publicUrl)
  return {
    ...(await sharedMessageInput({ tool, context, user, enrollment, nonce }, urls)),
    targetLinkUri: link.url ?? tool.targetLinkUri,
    resourceLink: { id: link.resourceLinkId, title: link.title, description: link.text },
    // Core 1.3 §5.4.3: the activity opens in the course page's iframe or in a window of its own.
    launchPresentation: {
      documentTarget: link.presentation,
      returnUrl: urls.launchReturn(context.id),
    },
    // Core 1.3 §5.4.6: the link's own custom parameters win over the tool's.
    custom: { ...tool.customParameters, ...link.customParameters },
    ...(tool.services.ags.length > 0
      ? {
          agsEndpoint: {
            scope: tool.services.ags,
            lineitems: urls.lineItems(context.id),
            ...(link.lineItemId ? { lineitem: urls.lineItem(context.id, link.lineItemId) } : {}),
          },
        }
      : {}),
    ...(tool.services.nrps
      ? { nrpsService: { contextMembershipsUrl: urls.memberships(context.id) } }
      : {}),
  }
}
