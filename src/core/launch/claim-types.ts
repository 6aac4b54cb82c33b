/**
 * Wire types of the id_token claims, spelled as the specs spell them (snake_case, full URIs).
 * @see https://www.imsglobal.org/spec/lti/v1p3/#required-message-claims
 */
import type { CLAIM, MessageType } from '../claims.js'

/** Core 1.3 §5.3.5 */
export interface ResourceLinkClaim {
  id: string
  title?: string
  description?: string
}

/** Core 1.3 §5.4.1 */
export interface ContextClaim {
  id: string
  label?: string
  title?: string
  type?: string[]
}

/** Core 1.3 §5.4.2 */
export interface ToolPlatformClaim {
  guid: string
  contact_email?: string
  description?: string
  name?: string
  url?: string
  product_family_code?: string
  version?: string
}

/** Core 1.3 §5.4.4 */
export interface LaunchPresentationClaim {
  document_target?: 'frame' | 'iframe' | 'window'
  height?: number
  width?: number
  return_url?: string
  locale?: string
}

/** Core 1.3 §5.4.5 */
export interface LisClaim {
  person_sourcedid?: string
  course_offering_sourcedid?: string
  course_section_sourcedid?: string
}

/** AGS 2.0 §3.1 */
export interface AgsEndpointClaim {
  scope: string[]
  lineitems?: string
  lineitem?: string
}

/** NRPS 2.0 §3.6.1 */
export interface NrpsServiceClaim {
  context_memberships_url: string
  service_versions: string[]
}

/** Deep Linking 2.0 §4.4.1 */
export interface DeepLinkingSettingsClaim {
  deep_link_return_url: string
  accept_types: string[]
  accept_presentation_document_targets: string[]
  accept_media_types?: string
  accept_multiple?: boolean
  accept_lineitem?: boolean
  auto_create?: boolean
  title?: string
  text?: string
  data?: string
}

/** Core 1.3 §D: the LTI 1.1 migration claim. */
export interface Lti1p1Claim {
  user_id?: string
  context_id?: string
  resource_link_id?: string
  oauth_consumer_key?: string
  oauth_consumer_key_sign?: string
}

/** The payload of an LTI 1.3 id_token as received (before validation everything is optional). */
export interface IdTokenPayload {
  iss?: string
  aud?: string | string[]
  azp?: string
  sub?: string
  exp?: number
  iat?: number
  nonce?: string
  name?: string
  given_name?: string
  family_name?: string
  middle_name?: string
  email?: string
  picture?: string
  locale?: string
  [CLAIM.messageType]?: MessageType | string
  [CLAIM.version]?: string
  [CLAIM.deploymentId]?: string
  [CLAIM.targetLinkUri]?: string
  [CLAIM.resourceLink]?: ResourceLinkClaim
  [CLAIM.roles]?: string[]
  [CLAIM.roleScopeMentor]?: string[]
  [CLAIM.context]?: ContextClaim
  [CLAIM.toolPlatform]?: ToolPlatformClaim
  [CLAIM.launchPresentation]?: LaunchPresentationClaim
  [CLAIM.lis]?: LisClaim
  [CLAIM.custom]?: Record<string, string>
  [CLAIM.lti1p1]?: Lti1p1Claim
  [CLAIM.agsEndpoint]?: AgsEndpointClaim
  [CLAIM.nrpsService]?: NrpsServiceClaim
  [CLAIM.deepLinkingSettings]?: DeepLinkingSettingsClaim
  [claim: string]: unknown
}
