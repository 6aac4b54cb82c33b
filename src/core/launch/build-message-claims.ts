/**
 * The claims every message a platform signs for a user shares (Core 1.3 §5.3, §5.4): who, in
 * which context, on which platform, with which custom parameters and services. A resource link
 * launch adds its link (`issueLaunch`); a deep linking request its settings (DL 2.0 §4.4).
 * Every string is trimmed and empty values are left out (see `compact-claim`); personal claims
 * follow the platform's privacy settings.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#required-message-claims
 */
import { CLAIM, LTI_VERSION } from '../claims.js'
import type { MessageType } from '../claims.js'
import type {
  AgsEndpointClaim,
  ContextClaim,
  IdTokenPayload,
  LaunchPresentationClaim,
  LisClaim,
  ResourceLinkClaim,
  ToolPlatformClaim,
} from './claim-types.js'
import { cleanList, cleanString, compactClaim } from './compact-claim.js'
import { substituteVariables } from './substitute-variables.js'
import type { SubstitutionValues } from './substitute-variables.js'

export interface MessageClaimsInput {
  issuer: string
  clientId: string
  deploymentId: string
  /** The nonce of the tool's authentication request, echoed verbatim. */
  nonce: string
  targetLinkUri: string
  user: {
    id: string
    givenName?: string
    familyName?: string
    /** Full name; built from the given and family names when absent. */
    name?: string
    email?: string
    locale?: string
  }
  /** Core 1.3 §5.3.6: what the platform shares with this tool. `sub` is always sent. */
  privacy: { sendName: boolean; sendEmail: boolean }
  /** Full role URIs (`ROLE.*`). */
  roles: readonly string[]
  context?: { id: string; label?: string; title?: string; type?: readonly string[] }
  /** Core 1.3 §5.3.5: only a resource link launch names a link. */
  resourceLink?: { id: string; title?: string; description?: string }
  toolPlatform: {
    guid: string
    name?: string
    productFamilyCode?: string
    version?: string
    contactEmail?: string
    description?: string
    url?: string
  }
  launchPresentation?: {
    documentTarget?: 'frame' | 'iframe' | 'window'
    returnUrl?: string
    locale?: string
    width?: number
    height?: number
  }
  /** Custom parameters, already substituted unless `substitution` is given; trimmed first. */
  custom?: Readonly<Record<string, string>>
  /**
   * When present, `custom` goes through {@link substituteVariables} with these values on top of
   * those the launch carries (user, context, resource link, lis), less what `privacy` withholds.
   */
  substitution?: SubstitutionValues
  agsEndpoint?: { scope: readonly string[]; lineitems?: string; lineitem?: string }
  nrpsService?: { contextMembershipsUrl: string }
  lis?: {
    personSourcedId?: string
    courseOfferingSourcedId?: string
    courseSectionSourcedId?: string
  }
}

/**
 * The claims of a user message of any type, without `iat`/`exp`; `resource_link` only when the
 * input names a link. Message-specific claims are the caller's to add.
 * @throws TypeError (`ERR_INVALID_ARG_TYPE`) when a required value is empty.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#required-message-claims
 */
export function buildMessageClaims(
  input: MessageClaimsInput,
  messageType: MessageType,
): IdTokenPayload {
  const clientId = required('clientId', input.clientId)
  // Security Framework §5.1.1.3: the nonce goes back exactly as the tool sent it.
  if (typeof input.nonce !== 'string' || input.nonce === '') throw invalidArg('nonce')
  const payload: IdTokenPayload = {
    iss: required('issuer', input.issuer),
    // OIDC Core §2: one audience as a string, and azp naming the same client.
    aud: clientId,
    azp: clientId,
    sub: required('user.id', input.user.id),
    nonce: input.nonce,
    [CLAIM.messageType]: messageType,
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: required('deploymentId', input.deploymentId),
    [CLAIM.targetLinkUri]: required('targetLinkUri', input.targetLinkUri),
    // Core 1.3 §5.3.7: roles is always sent; an empty array is a valid "no role".
    [CLAIM.roles]: cleanList(input.roles),
  }
  if (input.resourceLink) {
    payload[CLAIM.resourceLink] = compactClaim<ResourceLinkClaim>({
      id: required('resourceLink.id', input.resourceLink.id),
      title: cleanString(input.resourceLink.title),
      description: cleanString(input.resourceLink.description),
    })
  }
  Object.assign(payload, personalClaims(input))
  if (input.context) {
    const type = cleanList(input.context.type ?? [])
    payload[CLAIM.context] = compactClaim<ContextClaim>({
      id: required('context.id', input.context.id),
      label: cleanString(input.context.label),
      title: cleanString(input.context.title),
      type: type.length > 0 ? type : undefined,
    })
  }
  const p = input.toolPlatform
  payload[CLAIM.toolPlatform] = compactClaim<ToolPlatformClaim>({
    guid: required('toolPlatform.guid', p.guid),
    name: cleanString(p.name),
    product_family_code: cleanString(p.productFamilyCode),
    version: cleanString(p.version),
    contact_email: cleanString(p.contactEmail),
    description: cleanString(p.description),
    url: cleanString(p.url),
  })
  const lp = input.launchPresentation
  setIfAny(payload, CLAIM.launchPresentation, {
    document_target: lp?.documentTarget,
    return_url: cleanString(lp?.returnUrl),
    locale: cleanString(lp?.locale),
    width: dimension(lp?.width),
    height: dimension(lp?.height),
  } satisfies LaunchPresentationClaim)
  setIfAny(payload, CLAIM.lis, {
    person_sourcedid: cleanString(input.lis?.personSourcedId),
    course_offering_sourcedid: cleanString(input.lis?.courseOfferingSourcedId),
    course_section_sourcedid: cleanString(input.lis?.courseSectionSourcedId),
  } satisfies LisClaim)
  const custom = customClaim(input)
  if (Object.keys(custom).length > 0) payload[CLAIM.custom] = custom
  if (input.agsEndpoint) {
    payload[CLAIM.agsEndpoint] = compactClaim<AgsEndpointClaim>({
      scope: cleanList(input.agsEndpoint.scope),
      lineitems: cleanString(input.agsEndpoint.lineitems),
      lineitem: cleanString(input.agsEndpoint.lineitem),
    })
  }
  const nrps = input.nrpsService
  if (nrps) {
    const url = required('nrpsService.contextMembershipsUrl', nrps.contextMembershipsUrl)
    // NRPS 2.0 §3.6.1: the service version this platform speaks.
    payload[CLAIM.nrpsService] = { context_memberships_url: url, service_versions: ['2.0'] }
  }
  return payload
}

/** Core 1.3 §5.3.6: name and email only when the platform shares them with this tool. */
function personalClaims({ user, privacy }: MessageClaimsInput): IdTokenPayload {
  const claims: IdTokenPayload = {}
  if (privacy.sendName) {
    const given = cleanString(user.givenName)
    const family = cleanString(user.familyName)
    const name = cleanString(user.name) ?? cleanString([given, family].filter(Boolean).join(' '))
    Object.assign(claims, compactClaim({ name, given_name: given, family_name: family }))
  }
  if (privacy.sendEmail) Object.assign(claims, compactClaim({ email: cleanString(user.email) }))
  return Object.assign(claims, compactClaim({ locale: cleanString(user.locale) }))
}

/** Core 1.3 §5.4.6: trimmed keys and values, empty ones dropped, variables substituted. */
function customClaim(input: MessageClaimsInput): Record<string, string> {
  // fromEntries defines own members, so a parameter named "__proto__" stays a parameter.
  const trimmed: Record<string, string> = Object.fromEntries(
    Object.entries(input.custom ?? {})
      .map(([key, value]) => [cleanString(key), cleanString(value)])
      .filter((entry): entry is [string, string] => entry.every((v) => v !== undefined)),
  )
  if (!input.substitution) return trimmed
  const { user, privacy, context, resourceLink: link, lis } = input
  const values: SubstitutionValues = {
    userId: user.id,
    givenName: user.givenName,
    familyName: user.familyName,
    fullName: user.name,
    email: user.email,
    contextId: context?.id,
    contextTitle: context?.title,
    contextLabel: context?.label,
    resourceLinkId: link?.id,
    resourceLinkTitle: link?.title,
    resourceLinkDescription: link?.description,
    personSourcedId: lis?.personSourcedId,
    courseOfferingSourcedId: lis?.courseOfferingSourcedId,
    courseSectionSourcedId: lis?.courseSectionSourcedId,
    ...compactClaim(input.substitution),
  }
  // A custom parameter must not reveal what the id_token withholds.
  for (const field of ['givenName', 'familyName', 'middleName', 'fullName'] as const) {
    if (!privacy.sendName) delete values[field]
  }
  if (!privacy.sendEmail) delete values.email
  return substituteVariables(trimmed, values)
}

function setIfAny(payload: IdTokenPayload, claim: string, value: object): void {
  const compacted = compactClaim(value)
  if (Object.keys(compacted).length > 0) payload[claim] = compacted
}

function dimension(value: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined
}

function required(name: string, value: string): string {
  const v = cleanString(value)
  if (v === undefined) throw invalidArg(name)
  return v
}

export function invalidArg(name: string, problem = 'must be a non-empty string'): TypeError {
  return Object.assign(new TypeError(`"${name}" ${problem}`), { code: 'ERR_INVALID_ARG_TYPE' })
}
