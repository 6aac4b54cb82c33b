import { MESSAGE_TYPE, SCOPE } from '../../core/claims.js'
import type { ClientRegistrationInput } from '../../core/dynamic-registration/build-client-registration.js'
import type { PlatformConfiguration } from '../../core/dynamic-registration/parse-platform-configuration.js'

/** The tool's own URLs for one workspace. */
export interface ToolRegistrationUrls {
  readonly initiateLoginUri: string
  /** The redirect URI and target link URI: one launch URL serves every message type. */
  readonly launchUrl: string
  readonly jwksUri: string
}

/** What the tool asks for: AGS to post grades, NRPS to read rosters. */
export const REQUESTED_SCOPES = [
  SCOPE.agsLineItem,
  SCOPE.agsLineItemReadonly,
  SCOPE.agsResultReadonly,
  SCOPE.agsScore,
  SCOPE.nrpsMembershipReadonly,
] as const

// OpenID claims for provisioning members; `iss` and `sub` are in every id_token anyway.
const REQUESTED_CLAIMS = ['iss', 'sub', 'name', 'given_name', 'family_name', 'email']
// Placements are platform-specific strings (§2.4.1): Moodle's and Canvas's for "add content".
const DEEP_LINKING_PLACEMENTS = ['ContentArea', 'assignment_selection', 'link_selection']

/**
 * Decides what to register with this platform: every requested scope and claim the platform
 * lists (all of them when it lists none), resource link launches, and deep linking when the
 * platform supports it, at the placements it offers for adding content.
 *
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#lti-configuration-0
 */
export function planRegistration(
  platform: PlatformConfiguration,
  tool: { name: string; urls: ToolRegistrationUrls },
): ClientRegistrationInput {
  const { urls } = tool
  const scopes = narrow(REQUESTED_SCOPES, platform.scopesSupported)
  const claims = narrow(REQUESTED_CLAIMS, platform.claimsSupported, ['iss', 'sub'])
  const listed = (type: string) =>
    platform.messagesSupported.length === 0
      ? { type }
      : platform.messagesSupported.find((m) => m.type === type)
  const deepLinking = listed(MESSAGE_TYPE.deepLinkingRequest)
  const placements = deepLinking?.placements?.filter((p) => DEEP_LINKING_PLACEMENTS.includes(p))
  return {
    clientName: tool.name,
    initiateLoginUri: urls.initiateLoginUri,
    redirectUris: [urls.launchUrl],
    jwksUri: urls.jwksUri,
    domain: new URL(urls.launchUrl).host,
    targetLinkUri: urls.launchUrl,
    scopes,
    claims,
    customParameters: {},
    messages: [
      { type: MESSAGE_TYPE.resourceLink, targetLinkUri: urls.launchUrl, label: tool.name },
      ...(deepLinking
        ? [
            {
              type: MESSAGE_TYPE.deepLinkingRequest,
              targetLinkUri: urls.launchUrl,
              label: `${tool.name}: add a scenario`,
              ...(placements?.length ? { placements } : {}),
            },
          ]
        : []),
    ],
  }
}

function narrow(
  wanted: readonly string[],
  supported: readonly string[] | undefined,
  always: readonly string[] = [],
): string[] {
  if (!supported) return [...wanted]
  return wanted.filter((w) => always.includes(w) || supported.includes(w))
}
