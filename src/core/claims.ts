/**
 * Every claim URI, message type, scope, media type and role that ltikit speaks, declared once.
 * Never retype one of these strings inline; `claims.test.ts` checks each against a URI pattern.
 *
 * @see https://www.imsglobal.org/spec/lti/v1p3/#required-message-claims
 */

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/'
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/'
const AGS = 'https://purl.imsglobal.org/spec/lti-ags/'
const NRPS = 'https://purl.imsglobal.org/spec/lti-nrps/'

export const CLAIM = {
  // Core 1.3 §5.3 and §5.4
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  roleScopeMentor: `${LTI}role_scope_mentor`,
  context: `${LTI}context`,
  toolPlatform: `${LTI}tool_platform`,
  launchPresentation: `${LTI}launch_presentation`,
  lis: `${LTI}lis`,
  custom: `${LTI}custom`,
  lti11LegacyUserId: `${LTI}lti11_legacy_user_id`,
  lti1p1: `${LTI}lti1p1`,
  forUser: `${LTI}for_user`,
  // Deep Linking 2.0 §4.4 and §4.5
  deepLinkingSettings: `${DL}deep_linking_settings`,
  contentItems: `${DL}content_items`,
  deepLinkingData: `${DL}data`,
  deepLinkingMsg: `${DL}msg`,
  deepLinkingLog: `${DL}log`,
  deepLinkingErrorMsg: `${DL}errormsg`,
  deepLinkingErrorLog: `${DL}errorlog`,
  // AGS 2.0 §3.1
  agsEndpoint: `${AGS}claim/endpoint`,
  // NRPS 2.0 §3.6.1
  nrpsService: `${NRPS}claim/namesroleservice`,
} as const

export type ClaimName = (typeof CLAIM)[keyof typeof CLAIM]

/** Dynamic Registration 1.0 §2.2 and §3.5: the LTI claims of OpenID configuration documents. */
export const REGISTRATION_CLAIM = {
  platformConfiguration: 'https://purl.imsglobal.org/spec/lti-platform-configuration',
  toolConfiguration: 'https://purl.imsglobal.org/spec/lti-tool-configuration',
} as const

/** Core 1.3 §5.3.1, Deep Linking 2.0 §4.1 and §4.5, Core 1.3 Submission Review. */
export const MESSAGE_TYPE = {
  resourceLink: 'LtiResourceLinkRequest',
  deepLinkingRequest: 'LtiDeepLinkingRequest',
  deepLinkingResponse: 'LtiDeepLinkingResponse',
  submissionReview: 'LtiSubmissionReviewRequest',
} as const

export type MessageType = (typeof MESSAGE_TYPE)[keyof typeof MESSAGE_TYPE]

export const LTI_VERSION = '1.3.0'

export const SCOPE = {
  agsLineItem: `${AGS}scope/lineitem`,
  agsLineItemReadonly: `${AGS}scope/lineitem.readonly`,
  agsResultReadonly: `${AGS}scope/result.readonly`,
  agsScore: `${AGS}scope/score`,
  nrpsMembershipReadonly: `${NRPS}scope/contextmembership.readonly`,
} as const

export type Scope = (typeof SCOPE)[keyof typeof SCOPE]

export const MEDIA_TYPE = {
  lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
  lineItemContainer: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  score: 'application/vnd.ims.lis.v1.score+json',
  resultContainer: 'application/vnd.ims.lis.v2.resultcontainer+json',
  membershipContainer: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
} as const

const VOCAB = 'http://purl.imsglobal.org/vocab/lis/v2/'

/** Core 1.3 §A.2: role vocabularies. */
export const ROLE = {
  // Context roles (§A.2.3)
  learner: `${VOCAB}membership#Learner`,
  instructor: `${VOCAB}membership#Instructor`,
  teachingAssistant: `${VOCAB}membership/Instructor#TeachingAssistant`,
  contentDeveloper: `${VOCAB}membership#ContentDeveloper`,
  mentor: `${VOCAB}membership#Mentor`,
  administrator: `${VOCAB}membership#Administrator`,
  // Institution roles (§A.2.2)
  institutionStudent: `${VOCAB}institution/person#Student`,
  institutionInstructor: `${VOCAB}institution/person#Instructor`,
  institutionFaculty: `${VOCAB}institution/person#Faculty`,
  institutionAdministrator: `${VOCAB}institution/person#Administrator`,
  // System roles (§A.2.1)
  systemAdministrator: `${VOCAB}system/person#Administrator`,
} as const

/** The vocabulary prefix of context roles; "short" values (`Learner`) stand for these. */
export const CONTEXT_ROLE_PREFIX = `${VOCAB}membership#`

/** Core 1.3 §A.1: context types. */
export const CONTEXT_TYPE = {
  courseOffering: 'http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering',
  courseSection: 'http://purl.imsglobal.org/vocab/lis/v2/course#CourseSection',
  courseTemplate: 'http://purl.imsglobal.org/vocab/lis/v2/course#CourseTemplate',
  group: 'http://purl.imsglobal.org/vocab/lis/v2/course#Group',
} as const

/** OpenID Connect standard claims an LTI launch may carry (Core 1.3 §5.3.6). */
export const PERSONAL_CLAIMS = [
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'email',
  'picture',
  'locale',
] as const
