/**
 * The id_token payload the LMS emulator sends by default: a complete, valid LtiResourceLinkRequest.
 * Conformance rows and tests start from it and mutate one thing at a time.
 *
 * @see https://www.imsglobal.org/spec/lti/v1p3/#required-message-claims
 */
import { CLAIM, CONTEXT_TYPE, LTI_VERSION, MESSAGE_TYPE, ROLE } from '../../src/core/claims.js'

/** Who the emulated LMS launches: the two personas of the certification suite. */
export type LmsUser = 'instructor' | 'learner'

/** An id_token payload: claim URI or OIDC claim name to JSON value. */
export type IdTokenClaims = Record<string, unknown>

/** What {@link buildValidClaims} needs; everything not listed has a fixed, valid default. */
export interface ValidClaimsInput {
  issuer: string
  clientId: string
  deploymentId: string
  /** The nonce of the authentication request this token answers. */
  nonce: string
  targetLinkUri: string
  user?: LmsUser
  /** The user's `sub`; defaults to a fixed id per persona. */
  sub?: string
  /** Sent as `custom.scenario_id` when set. */
  scenarioId?: string
  /** Seconds since the epoch; defaults to now. */
  now?: number
  /** Lifetime of the token in seconds (`exp - iat`); defaults to 300. */
  lifetime?: number
}

const PERSONA = {
  instructor: {
    roles: [ROLE.instructor, ROLE.institutionFaculty],
    given_name: 'Ada',
    family_name: 'Lovelace',
    email: 'ada.lovelace@example.edu',
  },
  learner: {
    roles: [ROLE.learner, ROLE.institutionStudent],
    given_name: 'Grace',
    family_name: 'Hopper',
    email: 'grace.hopper@example.edu',
  },
} as const

/**
 * Builds the claims of a valid LTI 1.3 resource link launch, as a certified platform sends them.
 *
 * @param input - The registration values and the nonce the tool asked for.
 * @returns A fresh object the caller may mutate.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#resource-link-launch-request-message
 */
export function buildValidClaims(input: ValidClaimsInput): IdTokenClaims {
  const user = input.user ?? 'learner'
  const persona = PERSONA[user]
  const iat = input.now ?? Math.floor(Date.now() / 1000)
  const custom: Record<string, string> = {}
  if (input.scenarioId !== undefined) custom.scenario_id = input.scenarioId
  return {
    iss: input.issuer,
    aud: input.clientId,
    azp: input.clientId,
    sub: input.sub ?? `${user}-0001`,
    iat,
    exp: iat + (input.lifetime ?? 300),
    nonce: input.nonce,
    name: `${persona.given_name} ${persona.family_name}`,
    given_name: persona.given_name,
    family_name: persona.family_name,
    email: persona.email,
    [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: input.deploymentId,
    [CLAIM.targetLinkUri]: input.targetLinkUri,
    [CLAIM.resourceLink]: { id: 'resource-link-1', title: 'Week 1 quiz' },
    [CLAIM.roles]: [...persona.roles],
    [CLAIM.context]: {
      id: 'context-1',
      label: 'BIO-101',
      title: 'Introduction to Biology',
      type: [CONTEXT_TYPE.courseOffering],
    },
    [CLAIM.toolPlatform]: {
      guid: 'lms-emulator-1',
      name: 'ltikit LMS emulator',
      product_family_code: 'ltikit-lms-emulator',
      version: '1.0.0',
    },
    [CLAIM.launchPresentation]: {
      document_target: 'iframe',
      return_url: `${input.issuer}/return`,
      locale: 'en-US',
    },
    [CLAIM.custom]: custom,
  }
}
