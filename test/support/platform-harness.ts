/**
 * Runs the real platform server (the LMS side) on loopback against a test database of one
 * dialect, with helpers to drive it as an admin (the admin API) and as a person (sign-in).
 */
import { startPlatformServer } from '../../src/bin/platform-server.js'
import type { RunningPlatformServer } from '../../src/bin/platform-server.js'
import type { PlatformStores } from '../../src/platform/ports.js'
import type { DialectName } from '../../src/store/database.js'
import { PLATFORM_SESSION_COOKIE } from '../../src/web/platform-session.js'
import { createAdminApi } from './admin-api.js'
import type { AdminApi, ApiResponse } from './admin-api.js'
import { openTestDatabase } from './databases.js'
import type { TestDatabase } from './databases.js'
import { testServerOptions } from './test-server-options.js'
import type { TestServerOptions } from './test-server-options.js'

export const PLATFORM_ADMIN_TOKEN = 'test-platform-admin-token-0123456789'

export type PlatformApiResponse = ApiResponse

export interface TestUser {
  id: string
  email: string
  password: string
  name: string
}

export interface TestPlatform {
  /** Base URL and issuer (`http://127.0.0.1:<port>` unless `publicUrl` was given). */
  url: string
  adminToken: string
  stores: PlatformStores
  server: RunningPlatformServer
  database: TestDatabase
  /** Calls `/api<path>` with the admin token (or `token`, or none with `null`). */
  api: AdminApi
  /** Creates a user through the admin API, with a unique e-mail address and a known password. */
  createUser(input?: Partial<Omit<TestUser, 'id'>>): Promise<TestUser>
  /**
   * Signs in through `POST /login` and returns the `Cookie` header value of the session.
   * @throws Error when the sign-in fails.
   */
  signIn(user: Pick<TestUser, 'email' | 'password'>): Promise<string>
  /** Creates a course (default scale: points) and returns its ID. */
  createCourse(input?: { title?: string; label?: string; gradingScale?: unknown }): Promise<string>
  /** Enrolls a user with roles (short names or LIS role URIs). */
  enroll(courseId: string, userId: string, roles: readonly string[]): Promise<void>
  /**
   * Registers a tool; the defaults are loopback URLs under `toolBaseUrl` (dev mode allows http
   * there), every service on and both privacy settings on. Returns the 201 body.
   */
  registerTool(toolBaseUrl: string, overrides?: Record<string, unknown>): Promise<RegisteredTool>
  /** Places an activity of a tool in a course; returns the 201 body. */
  addLink(courseId: string, body: Record<string, unknown>): Promise<AddedLink>
  /** GET a page (or any path) with an optional session cookie; redirects are not followed. */
  get(path: string, cookie?: string): Promise<Response>
  /** POSTs a page's form (`fields`, URL-encoded) with `headers`; redirects are not followed. */
  postForm(path: string, fields: Record<string, string>, headers?: HeadersInit): Promise<Response>
  close(): Promise<void>
}

export interface RegisteredTool {
  id: string
  clientId: string
  deploymentId: string
  issuer: string
  authenticationRequestUrl: string
  accessTokenUrl: string
  jwksUrl: string
}

export interface AddedLink {
  id: string
  resourceLinkId: string
  lineItemId?: string
}

export interface StartTestPlatformOptions extends TestServerOptions {
  /** Share this database with another instance instead of opening a fresh one. */
  database?: TestDatabase
}

let counter = 0

export async function startTestPlatform(
  dialect: DialectName,
  options: StartTestPlatformOptions = {},
): Promise<TestPlatform> {
  const database = options.database ?? (await openTestDatabase(dialect))
  const server = await startPlatformServer(
    testServerOptions(database, PLATFORM_ADMIN_TOKEN, options),
  )
  // Requests go to this instance's own port, whatever public URL it was given.
  const local = `http://127.0.0.1:${server.port}`
  const api = createAdminApi(local, PLATFORM_ADMIN_TOKEN)

  const createUser: TestPlatform['createUser'] = async (input = {}) => {
    const n = ++counter
    const user = {
      name: input.name ?? `Test User ${n}`,
      email: input.email ?? `user-${process.pid}-${n}@example.test`,
      password: input.password ?? `password-${n}-secret`,
    }
    const response = await api('/users', { method: 'POST', body: user })
    if (response.status !== 201) {
      throw new Error(`create user: ${response.status} ${JSON.stringify(response.body)}`)
    }
    return { id: response.body.id as string, ...user }
  }

  const signIn: TestPlatform['signIn'] = async ({ email, password }) => {
    const response = await fetch(`${local}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password }).toString(),
      redirect: 'manual',
    })
    const cookie = sessionCookieOf(response)
    if (response.status !== 303 || !cookie) {
      throw new Error(`sign-in of ${email} failed: ${response.status}`)
    }
    return cookie
  }

  const created = async (path: string, body: unknown, what: string) => {
    const response = await api(path, { method: 'POST', body })
    if (response.status !== 201) {
      throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`)
    }
    return response.body
  }

  const createCourse: TestPlatform['createCourse'] = async (input = {}) => {
    const body = await created('/courses', { title: `Course ${++counter}`, ...input }, 'course')
    return body.id as string
  }

  const enroll: TestPlatform['enroll'] = async (courseId, userId, roles) => {
    await created(`/courses/${courseId}/enrollments`, { userId, roles }, 'enrollment')
  }

  const registerTool: TestPlatform['registerTool'] = (toolBaseUrl, overrides = {}) => {
    const base = toolBaseUrl.replace(/\/+$/, '')
    return created(
      '/tools',
      {
        name: `Tool ${++counter}`,
        oidcLoginUrl: `${base}/login`,
        redirectUris: [`${base}/launch`],
        targetLinkUri: `${base}/launch`,
        jwksUrl: `${base}/jwks`,
        deepLinkingUrl: `${base}/deep-linking`,
        privacy: { sendName: true, sendEmail: true },
        services: { ags: true, nrps: true, deepLinking: true },
        ...overrides,
      },
      'tool',
    )
  }

  const addLink: TestPlatform['addLink'] = (courseId, body) =>
    created(`/courses/${courseId}/links`, body, 'link')

  const get: TestPlatform['get'] = (path, cookie) =>
    fetch(`${local}${path}`, {
      headers: cookie ? { cookie, accept: 'text/html' } : { accept: 'text/html' },
      redirect: 'manual',
    })

  const postForm: TestPlatform['postForm'] = (path, fields, headers = {}) =>
    fetch(`${local}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    })

  return {
    url: server.url,
    adminToken: PLATFORM_ADMIN_TOKEN,
    stores: server.stores,
    server,
    database,
    api,
    createUser,
    signIn,
    createCourse,
    enroll,
    registerTool,
    addLink,
    get,
    postForm,
    close: async () => {
      await server.close()
      if (!options.database) await database.close()
    },
  }
}

/** `name=value` of the session cookie a response sets, for a later `Cookie` header. */
export function sessionCookieOf(response: Response): string | undefined {
  const prefix = `${PLATFORM_SESSION_COOKIE}=`
  const set = response.headers.getSetCookie().find((value) => value.startsWith(prefix))
  const pair = set?.split(';')[0]
  return pair && pair.length > prefix.length ? pair : undefined
}

/** The `csrf` token of a page's own forms: the last, as the header's sign-out form comes first. */
export function pageFormToken(html: string): string {
  return [...html.matchAll(/name="csrf" value="([^"]+)"/g)].at(-1)?.[1] ?? ''
}
