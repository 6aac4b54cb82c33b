/**
 * What the platform's LTI flows need from the LMS that hosts them: users, contexts (courses),
 * enrollments, registered tools, resource links, line items and scores. The store implements
 * these over SQL; tests may pass in-memory fakes. Times are epoch milliseconds.
 */
import type { KeyStore, NonceStore } from '../core/ports.js'

/** The context roles the platform enrolls with, as LIS short names (Core 1.3 §A.2.2). */
export const CONTEXT_ROLES = [
  'Learner',
  'Instructor',
  'TeachingAssistant',
  'ContentDeveloper',
  'Mentor',
  'Administrator',
] as const
export type ContextRole = (typeof CONTEXT_ROLES)[number]

/** A person who signs in to the platform. */
export interface User {
  readonly id: string
  /** Unique, lower-cased; doubles as the username (`$User.username`). */
  readonly email: string
  readonly name: string
  readonly givenName?: string
  readonly familyName?: string
  /** A scrypt hash with its salt and parameters; never leaves the store but to be verified. */
  readonly passwordHash: string
  /** May use the admin pages (tools, registration) once signed in, as the admin token does. */
  readonly isAdmin: boolean
  readonly createdAt: number
}

/** How a context shows its grades. `points` shows the line item's points as they are. */
export type GradingScale =
  | { readonly type: 'points' }
  | { readonly type: 'percentage' }
  | {
      readonly type: 'letter'
      /** Highest first: a grade gets the first band whose `minPercent` it reaches. */
      readonly bands: readonly { readonly letter: string; readonly minPercent: number }[]
    }

/** A course: the LTI context of its launches (Core 1.3 §5.4.1). */
export interface Context {
  readonly id: string
  readonly title: string
  readonly label?: string
  readonly gradingScale: GradingScale
  readonly createdAt: number
}

export type EnrollmentStatus = 'Active' | 'Inactive'

export interface Enrollment {
  readonly contextId: string
  readonly userId: string
  readonly roles: readonly ContextRole[]
  readonly status: EnrollmentStatus
  readonly createdAt: number
}

/** An enrollment with the person it belongs to: one row of a roster. */
export interface EnrollmentWithUser extends Enrollment {
  readonly user: User
}

/** The AGS scopes a tool may be granted (AGS 2.0 §3.1, §4.1, §4.2). */
export type AgsScope =
  | 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem'
  | 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly'
  | 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly'
  | 'https://purl.imsglobal.org/spec/lti-ags/scope/score'

/**
 * A tool registered on this platform, with its one deployment. The platform issues `clientId`
 * and `deploymentId`; the rest is what the tool's admin told us.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#tool-deployment
 */
export interface Tool {
  readonly id: string
  readonly name: string
  readonly clientId: string
  readonly deploymentId: string
  readonly oidcLoginUrl: string
  readonly redirectUris: readonly string[]
  readonly targetLinkUri: string
  readonly jwksUrl: string
  readonly deepLinkingUrl?: string
  readonly customParameters: Readonly<Record<string, string>>
  readonly privacy: { readonly sendName: boolean; readonly sendEmail: boolean }
  readonly services: {
    /** The AGS scopes this tool may request; empty when AGS is off. */
    readonly ags: readonly AgsScope[]
    readonly nrps: boolean
    readonly deepLinking: boolean
  }
  /**
   * `pending` tools cannot be launched nor get access tokens until an admin approves them;
   * `disabled` ones not until an admin enables them again.
   */
  readonly status: ToolStatus
  /**
   * The LTI 1.1 tool this registration replaces: its launches carry the `lti1p1` claim signed
   * with that tool's shared secret, so the tool can map its 1.1 users and links.
   */
  readonly lti11ToolId?: string
  readonly createdAt: number
}

/** Whether a tool may be used; see {@link Tool.status}. */
export type ToolStatus = 'active' | 'pending' | 'disabled'

/** A tool to create; its status defaults to `active`. */
export type NewTool = Omit<Tool, 'id' | 'clientId' | 'deploymentId' | 'createdAt' | 'status'> & {
  readonly status?: ToolStatus
}

/**
 * An LTI 1.1 tool: launched with a form POST signed with OAuth 1.0a (consumer key and shared
 * secret), graded through Basic Outcomes. Its ID is a UUID like a 1.3 tool's, so an activity's
 * `toolId` names a tool of either kind.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export interface Lti11Tool {
  readonly id: string
  readonly name: string
  readonly launchUrl: string
  /** `oauth_consumer_key`; unique among 1.1 tools. */
  readonly consumerKey: string
  /** The shared secret sealed at rest (SecretBox); opened only to sign and verify. */
  readonly encryptedSharedSecret: string
  readonly customParameters: Readonly<Record<string, string>>
  readonly privacy: { readonly sendName: boolean; readonly sendEmail: boolean }
  /** `disabled` tools cannot be launched and their outcomes are refused. */
  readonly status: 'active' | 'disabled'
  readonly createdAt: number
}

export type NewLti11Tool = Omit<Lti11Tool, 'id' | 'createdAt' | 'status'> & {
  readonly status?: Lti11Tool['status']
}

/** An activity: a resource link placed in a context (Core 1.3 §5.3.5). */
export interface ResourceLink {
  readonly id: string
  readonly contextId: string
  readonly toolId: string
  /** The opaque `resource_link.id` the tool sees; stable for the life of the link. */
  readonly resourceLinkId: string
  readonly title: string
  readonly text?: string
  /** Set when a deep link chose a URL other than the tool's target link URI. */
  readonly url?: string
  readonly customParameters: Readonly<Record<string, string>>
  /** The line item bound to this link, if any. */
  readonly lineItemId?: string
  /** How the activity opens: inside the course page or in a new window (`document_target`). */
  readonly presentation: LinkPresentation
  readonly createdAt: number
}

/** Core 1.3 §5.4.3 `document_target` values an activity may have; `frame` is not offered. */
export type LinkPresentation = 'iframe' | 'window'

/** A link to place; `presentation` defaults to `iframe`. */
export type NewResourceLink = Omit<
  ResourceLink,
  'id' | 'resourceLinkId' | 'createdAt' | 'presentation'
> & { readonly presentation?: LinkPresentation }

/** Deep-linked content that is not a launch: `link`, `file`, `html`, `image` (DL 2.0 §3). */
export interface ContentItem {
  readonly id: string
  readonly contextId: string
  readonly toolId: string
  readonly type: 'link' | 'file' | 'html' | 'image'
  readonly title?: string
  readonly text?: string
  readonly url?: string
  readonly html?: string
  /** The content item as the tool sent it, for what this model does not keep apart. */
  readonly raw: Readonly<Record<string, unknown>>
  readonly createdAt: number
}

export type NewContentItem = Omit<ContentItem, 'id' | 'createdAt'>

/** The submission review settings of a line item (LTI Submission Review 1.0 §3). */
export interface SubmissionReview {
  readonly reviewableStatus?: readonly string[]
  readonly label?: string
  readonly url?: string
  readonly custom?: Readonly<Record<string, string>>
}

/** A gradebook column in one context, owned by the tool that created it or bound to a link. */
export interface LineItem {
  readonly id: string
  readonly contextId: string
  readonly toolId: string
  /** Our `ResourceLink.id` (not the wire `resourceLinkId`), when bound to a link. */
  readonly linkId?: string
  readonly label: string
  readonly scoreMaximum: number
  readonly resourceId?: string
  readonly tag?: string
  readonly startDateTime?: string
  readonly endDateTime?: string
  readonly gradesReleased?: boolean
  readonly submissionReview?: SubmissionReview
  readonly createdAt: number
}

export type NewLineItem = Omit<LineItem, 'id' | 'createdAt'>

/** Filters of the line items container (AGS 2.0 §3.2.3); `linkId` is our link's id. */
export interface LineItemQuery {
  readonly contextId: string
  readonly toolId: string
  readonly linkId?: string
  readonly resourceId?: string
  readonly tag?: string
  /** Paging: at most `limit` rows after skipping `offset`, in creation order. */
  readonly limit: number
  readonly offset: number
}

/** The latest score of one user on one line item: what the gradebook and results show. */
export interface ScoreRecord {
  readonly lineItemId: string
  readonly userId: string
  readonly scoreGiven?: number
  readonly scoreMaximum?: number
  readonly comment?: string
  readonly activityProgress: string
  readonly gradingProgress: string
  /** The tool's timestamp exactly as sent (ISO 8601, maybe with sub-millisecond digits). */
  readonly timestamp: string
  /** `timestamp` in epoch microseconds, for ordering scores (AGS 2.0 §3.4.6). */
  readonly timestampMicros: number
  readonly submission?: Readonly<Record<string, unknown>>
  readonly receivedAt: number
}

/**
 * `stale`: an equal or newer score is stored. `gone`: the line item (or user) no longer exists,
 * deleted since the caller looked it up.
 */
export type ScoreWriteOutcome = 'stored' | 'stale' | 'gone'

export interface UserStore {
  /** `undefined` when the e-mail address is taken; `isAdmin` defaults to false. */
  createUser(
    input: Omit<User, 'id' | 'createdAt' | 'isAdmin'> & { readonly isAdmin?: boolean },
  ): Promise<User | undefined>
  findUser(id: string): Promise<User | undefined>
  findUserByEmail(email: string): Promise<User | undefined>
}

export interface ContextStore {
  createContext(input: Omit<Context, 'id' | 'createdAt'>): Promise<Context>
  findContext(id: string): Promise<Context | undefined>
  listContexts(): Promise<Context[]>
  /** Adds or replaces the enrollment of a user in a context. */
  enroll(input: Omit<Enrollment, 'createdAt'>): Promise<Enrollment>
  findEnrollment(contextId: string, userId: string): Promise<Enrollment | undefined>
  /** Contexts a user is enrolled in, with the enrollment. */
  listEnrollmentsOfUser(userId: string): Promise<{ context: Context; enrollment: Enrollment }[]>
  /** A page of a context's roster in a stable order; `role` filters on one short role name. */
  listMembers(
    contextId: string,
    page: { limit: number; offset: number; role?: ContextRole },
  ): Promise<EnrollmentWithUser[]>
}

export interface ToolStore {
  /** Issues a fresh client ID and deployment ID. */
  createTool(input: NewTool): Promise<Tool>
  findTool(id: string): Promise<Tool | undefined>
  findToolByClientId(clientId: string): Promise<Tool | undefined>
  listTools(): Promise<Tool[]>
  /** Makes a pending tool active; `undefined` when there is no such tool. Idempotent. */
  approveTool(id: string): Promise<Tool | undefined>
  /**
   * Disables an active tool or enables a disabled one; a pending tool stays pending (approval is
   * its way in). `undefined` when there is no such tool. Idempotent.
   */
  setToolStatus(id: string, status: 'active' | 'disabled'): Promise<Tool | undefined>
  /**
   * Links a tool to the LTI 1.1 tool it replaces, or unlinks it (`undefined`); `undefined` when
   * there is no such tool. The caller checks that the 1.1 tool exists.
   */
  setLti11Tool(id: string, lti11ToolId: string | undefined): Promise<Tool | undefined>
}

export interface Lti11ToolStore {
  /** `undefined` when the consumer key is taken. */
  createLti11Tool(input: NewLti11Tool): Promise<Lti11Tool | undefined>
  findLti11Tool(id: string): Promise<Lti11Tool | undefined>
  findLti11ToolByConsumerKey(consumerKey: string): Promise<Lti11Tool | undefined>
  listLti11Tools(): Promise<Lti11Tool[]>
  /** Disables or enables a 1.1 tool; `undefined` when there is no such tool. Idempotent. */
  setLti11ToolStatus(id: string, status: Lti11Tool['status']): Promise<Lti11Tool | undefined>
}

export interface ResourceLinkStore {
  createLink(input: NewResourceLink): Promise<ResourceLink>
  findLink(id: string): Promise<ResourceLink | undefined>
  findLinkByResourceLinkId(resourceLinkId: string): Promise<ResourceLink | undefined>
  listLinks(contextId: string): Promise<ResourceLink[]>
  /** Binds (or unbinds) a line item; used when a link's line item is created after it. */
  setLinkLineItem(linkId: string, lineItemId: string | undefined): Promise<void>
  createContentItem(input: NewContentItem): Promise<ContentItem>
  listContentItems(contextId: string): Promise<ContentItem[]>
}

export interface LineItemStore {
  createLineItem(input: NewLineItem): Promise<LineItem>
  findLineItem(id: string): Promise<LineItem | undefined>
  /** Every line item of a context, of any tool, in creation order: the gradebook's columns. */
  listContextLineItems(contextId: string): Promise<LineItem[]>
  listLineItems(query: LineItemQuery): Promise<LineItem[]>
  /** Replaces the mutable fields; `undefined` when the line item is gone. */
  updateLineItem(
    id: string,
    changes: Omit<NewLineItem, 'contextId' | 'toolId'>,
  ): Promise<LineItem | undefined>
  /** Deletes the line item and its scores; `false` when it was gone already. */
  deleteLineItem(id: string): Promise<boolean>
}

export interface ScoreStore {
  /**
   * Keeps the score when its timestamp is newer than the stored one, atomically across
   * instances; `stale` when an equal or newer score is already stored (AGS 2.0 §3.4.6), `gone`
   * when its line item has been deleted meanwhile.
   */
  putScore(score: ScoreRecord): Promise<ScoreWriteOutcome>
  findScore(lineItemId: string, userId: string): Promise<ScoreRecord | undefined>
  /** A page of a line item's scores ordered by user ID; `userId` narrows to one user. */
  listScores(
    lineItemId: string,
    page: { limit: number; offset: number; userId?: string },
  ): Promise<ScoreRecord[]>
  /** Every score of a context's line items: the gradebook. */
  listContextScores(contextId: string): Promise<ScoreRecord[]>
}

/** Every port of the platform, over one database. */
export interface PlatformStores {
  readonly users: UserStore
  readonly contexts: ContextStore
  readonly tools: ToolStore
  readonly lti11Tools: Lti11ToolStore
  readonly links: ResourceLinkStore
  readonly lineItems: LineItemStore
  readonly scores: ScoreStore
  /** Used nonces and `jti`s, namespaced by prefix (`dl:`, `jti:`), shared with the tool side. */
  readonly nonces: NonceStore
  /** The platform's signing keys, owner {@link PLATFORM_KEY_OWNER}. */
  readonly keys: KeyStore
  readonly ping: () => Promise<void>
}

/** The key-set owner ID of the platform's own signing keys. */
export const PLATFORM_KEY_OWNER = 'platform'
