/**
 * The validated launch as a domain object: camelCase, personal data only where it was sent.
 */
import type { MessageType } from '../claims.js'
import type {
  AgsEndpointClaim,
  ContextClaim,
  DeepLinkingSettingsClaim,
  IdTokenPayload,
  LaunchPresentationClaim,
  LisClaim,
  NrpsServiceClaim,
  ResourceLinkClaim,
  ToolPlatformClaim,
} from './claim-types.js'

/** Core 1.3 §5.3.6: the user, personal fields only when the platform's privacy settings allow. */
export interface LaunchUser {
  sub: string
  name?: string
  givenName?: string
  familyName?: string
  email?: string
  locale?: string
}

export interface LaunchMessage {
  messageType: MessageType
  issuer: string
  clientId: string
  deploymentId: string
  targetLinkUri: string
  user: LaunchUser
  /** Role URIs as sent; short context roles ("Learner") are kept as they came. */
  roles: string[]
  resourceLink?: ResourceLinkClaim
  context?: ContextClaim
  toolPlatform?: ToolPlatformClaim
  launchPresentation?: LaunchPresentationClaim
  lis?: LisClaim
  custom: Record<string, string>
  agsEndpoint?: AgsEndpointClaim
  nrpsService?: NrpsServiceClaim
  deepLinkingSettings?: DeepLinkingSettingsClaim
  /** The verified payload, for claims this type does not lift. */
  payload: IdTokenPayload
}

/** Collects the non-empty personal claims into a LaunchUser. */
export function launchUserOf(payload: IdTokenPayload, sub: string): LaunchUser {
  const user: LaunchUser = { sub }
  const given = nonEmpty(payload.given_name)
  const family = nonEmpty(payload.family_name)
  const name = nonEmpty(payload.name) ?? ([given, family].filter(Boolean).join(' ') || undefined)
  if (name) user.name = name
  if (given) user.givenName = given
  if (family) user.familyName = family
  const email = nonEmpty(payload.email)
  if (email) user.email = email
  const locale = nonEmpty(payload.locale)
  if (locale) user.locale = locale
  return user
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}
