/**
 * Domain objects and an in-memory `LaunchStores` for the unit tests of the platform's launch
 * flows (login initiation, authentication endpoint). Flow tests use the SQL store instead.
 */
import type { LaunchStores } from '../../src/platform/resolve-launch.js'
import type {
  Context,
  ContextRole,
  Enrollment,
  ResourceLink,
  Tool,
  User,
} from '../../src/platform/ports.js'

export const PUBLIC_URL = 'https://lms.example'

/**
 * Custom parameters, one per substitution variable the platform fills in.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#customproperty
 */
export const SUBSTITUTION_PARAMETERS = {
  user_id: '$User.id',
  username: '$User.username',
  given: '$Person.name.given',
  family: '$Person.name.family',
  email: '$Person.email.primary',
  context_id: '$Context.id',
  context_title: '$Context.title',
  link_id: '$ResourceLink.id',
  link_title: '$ResourceLink.title',
  section: '$CourseSection.sourcedId',
}
export const NOW = 1_800_000_000_000

export const learner: User = {
  id: 'u-learner',
  email: 'ada@example.edu',
  name: 'Ada Lovelace',
  givenName: 'Ada',
  familyName: 'Lovelace',
  passwordHash: 'unused',
  isAdmin: false,
  createdAt: NOW,
}

export const instructor: User = { ...learner, id: 'u-teacher', email: 'tim@example.edu' }

export const context: Context = {
  id: 'ctx-1',
  title: 'Negotiation 101',
  label: 'NEG101',
  gradingScale: { type: 'points' },
  createdAt: NOW,
}

export const tool: Tool = {
  id: 'tool-1',
  name: 'Practice tool',
  clientId: 'client-1',
  deploymentId: 'dep-1',
  oidcLoginUrl: 'https://tool.example/login?tenant=a',
  redirectUris: ['https://tool.example/launch', 'https://tool.example/launch2'],
  targetLinkUri: 'https://tool.example/launch',
  jwksUrl: 'https://tool.example/jwks',
  deepLinkingUrl: 'https://tool.example/deep-link',
  customParameters: { from_tool: 'tool', both: 'tool' },
  privacy: { sendName: true, sendEmail: true },
  services: {
    ags: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
    nrps: true,
    deepLinking: true,
  },
  status: 'active',
  createdAt: NOW,
}

/**
 * The fixed parameters of `tool`'s authentication request; a test adds the hints, nonce and state.
 * @see https://www.imsglobal.org/spec/security/v1p0/#step-2-authentication-request
 */
export const toolAuthenticationRequest = {
  scope: 'openid',
  response_type: 'id_token',
  response_mode: 'form_post',
  prompt: 'none',
  client_id: tool.clientId,
  redirect_uri: tool.redirectUris[0] as string,
}

export const otherTool: Tool = {
  ...tool,
  id: 'tool-2',
  clientId: 'client-2',
  deploymentId: 'dep-2',
  redirectUris: ['https://other.example/launch'],
  services: { ags: [], nrps: false, deepLinking: false },
}

export const link: ResourceLink = {
  id: 'link-1',
  contextId: context.id,
  toolId: tool.id,
  resourceLinkId: 'rl-1',
  title: 'Week 1 practice',
  text: 'Practise an opening offer',
  customParameters: { both: 'link', who: '$User.id' },
  lineItemId: 'li-1',
  presentation: 'iframe',
  createdAt: NOW,
}

export function enrollment(user: User, roles: ContextRole[], active = true): Enrollment {
  return {
    contextId: context.id,
    userId: user.id,
    roles,
    status: active ? 'Active' : 'Inactive',
    createdAt: NOW,
  }
}

/** A mutable in-memory store of the rows a launch reads. */
export class MemoryLaunchStores implements LaunchStores {
  readonly contextRows = new Map<string, Context>([[context.id, context]])
  readonly enrollments = new Map<string, Enrollment>([
    [`${context.id}/${learner.id}`, enrollment(learner, ['Learner'])],
    [`${context.id}/${instructor.id}`, enrollment(instructor, ['Instructor'])],
  ])
  readonly toolRows = new Map<string, Tool>([
    [tool.id, tool],
    [otherTool.id, otherTool],
  ])
  readonly linkRows = new Map<string, ResourceLink>([[link.id, link]])

  readonly contexts: LaunchStores['contexts'] = {
    findContext: async (id) => this.contextRows.get(id),
    findEnrollment: async (contextId, userId) => this.enrollments.get(`${contextId}/${userId}`),
  }
  readonly tools: LaunchStores['tools'] = {
    findTool: async (id) => this.toolRows.get(id),
    findToolByClientId: async (clientId) =>
      [...this.toolRows.values()].find((t) => t.clientId === clientId),
  }
  readonly links: LaunchStores['links'] = {
    findLink: async (id) => this.linkRows.get(id),
    listLinks: async (contextId) =>
      [...this.linkRows.values()].filter((l) => l.contextId === contextId),
  }
}
