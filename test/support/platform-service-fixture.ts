/**
 * The platform's service routes alone (AGS, NRPS) over a migrated test database of one dialect,
 * with a small world in it: three contexts, five people, a tool that may see names and one that
 * may not, and helpers to mint access tokens and call the routes as a tool would.
 */
import { Hono } from 'hono'
import { MEDIA_TYPE, SCOPE } from '../../src/core/claims.js'
import { webCryptoMacKey } from '../../src/core/security/sealed-token.js'
import { issueAccessToken } from '../../src/platform/access-token.js'
import type { AgsScope, ContextRole, PlatformStores, Tool } from '../../src/platform/ports.js'
import { createPlatformStores } from '../../src/store/platform/create-platform-stores.js'
import type { DialectName } from '../../src/store/database.js'
import type { AppEnv } from '../../src/web/env.js'
import { onError } from '../../src/web/on-error.js'
import type { PlatformAppDeps } from '../../src/web/platform-deps.js'
import { platformServiceRoutes } from '../../src/web/routes/platform-service-routes.js'
import { countQueries, openTestDatabase } from './databases.js'
import { newToolInput } from './new-tool-input.js'

export const SERVICE_PUBLIC_URL = 'https://lms.example'
export const SERVICE_NOW = 1_800_000_000_000
export const AGS_ALL: AgsScope[] = [
  SCOPE.agsLineItem,
  SCOPE.agsLineItemReadonly,
  SCOPE.agsResultReadonly,
  SCOPE.agsScore,
]

/** Context `a` holds everyone (Grace inactive, Tess a TA); `b` Ada only; `c` Alan, no tool. */
export interface ServiceWorld {
  readonly a: string
  readonly b: string
  readonly c: string
  readonly Ada: string
  readonly Alan: string
  readonly Grace: string
  readonly Tim: string
  readonly Tess: string
  /** Our ID of the tool's link in `a`, and the wire resource link IDs in `a` and `b`. */
  readonly linkA: string
  readonly rlA: string
  readonly rlB: string
}

export interface CallInit {
  method?: string
  type?: string
  accept?: string
  /** Sent as JSON. */
  body?: unknown
  /** Sent as it is. */
  rawBody?: string
}

export interface ServiceFixture {
  readonly stores: PlatformStores
  readonly world: ServiceWorld
  /** Sends name and email; every AGS scope and NRPS. Placed in `a` and `b`. */
  readonly tool: Tool
  /** Sends neither name nor email. Placed in `a`. */
  readonly privateTool: Tool
  /** Statements sent to the database so far. */
  queries(): number
  /** Moves the clock (tokens, `receivedAt`). */
  setNow(ms: number): void
  now(): number
  /** An `Authorization` header value with an access token for `tool`. */
  token(scopes: readonly string[], tool?: Tool, ttlSeconds?: number): Promise<string>
  /** Calls a route: `url` absolute, or a path below `/lti/contexts`. */
  call(url: string, auth: string | undefined, init?: CallInit): Promise<Response>
  createTool(privacy: boolean, services: Tool['services']): Promise<Tool>
  close(): Promise<void>
}

export async function startServiceFixture(dialect: DialectName): Promise<ServiceFixture> {
  const database = await openTestDatabase(dialect)
  const counted = countQueries(database.db)
  let now = SERVICE_NOW
  const clock = { now: () => now }
  const stores = createPlatformStores(counted.db, { clock })
  const key = await webCryptoMacKey(crypto.getRandomValues(new Uint8Array(32)))

  const person = async (name: string) => {
    const [given, family] = name.split(' ')
    const user = await stores.users.createUser({
      email: `${given?.toLowerCase()}@example.edu`,
      name,
      givenName: given,
      familyName: family,
      passwordHash: 'unused',
    })
    if (!user) throw new Error(`could not create ${name}`)
    return user.id
  }
  const course = async (title: string) => {
    const label = title.slice(0, 3)
    return (await stores.contexts.createContext({ title, label, gradingScale: { type: 'points' } }))
      .id
  }
  const enroll = (contextId: string, userId: string, roles: ContextRole[], active = true) =>
    stores.contexts.enroll({ contextId, userId, roles, status: active ? 'Active' : 'Inactive' })
  const createTool = (privacy: boolean, services: Tool['services']) =>
    stores.tools.createTool(
      newToolInput({
        name: privacy ? 'Practice' : 'Private',
        privacy: { sendName: privacy, sendEmail: privacy },
        services,
      }),
    )
  const place = (contextId: string, tool: Tool) =>
    stores.links.createLink({ contextId, toolId: tool.id, title: 'Activity', customParameters: {} })

  const [a, b, c] = [await course('Course A'), await course('Course B'), await course('Course C')]
  const Ada = await person('Ada Lovelace')
  const Alan = await person('Alan Turing')
  const Grace = await person('Grace Hopper')
  const Tim = await person('Tim Teacher')
  const Tess = await person('Tess Assistant')
  await enroll(a, Ada, ['Learner'])
  await enroll(a, Alan, ['Learner'])
  await enroll(a, Grace, ['Learner'], false)
  await enroll(a, Tim, ['Instructor'])
  await enroll(a, Tess, ['TeachingAssistant'])
  await enroll(b, Ada, ['Learner'])
  await enroll(c, Alan, ['Learner'])
  const services = { ags: AGS_ALL, nrps: true, deepLinking: false }
  const tool = await createTool(true, services)
  const privateTool = await createTool(false, services)
  const linkA = await place(a, tool)
  const linkB = await place(b, tool)
  await place(a, privateTool)

  const deps = { publicUrl: SERVICE_PUBLIC_URL, accessTokenKey: key, clock, stores }
  const app = new Hono<AppEnv>()
  app.route('/lti/contexts', platformServiceRoutes(deps as unknown as PlatformAppDeps))
  app.onError(onError())

  return {
    stores,
    world: {
      a,
      b,
      c,
      Ada,
      Alan,
      Grace,
      Tim,
      Tess,
      linkA: linkA.id,
      rlA: linkA.resourceLinkId,
      rlB: linkB.resourceLinkId,
    },
    tool,
    privateTool,
    queries: counted.count,
    setNow: (ms) => {
      now = ms
    },
    now: () => now,
    async token(scopes, forTool = tool, ttlSeconds) {
      const grant = { toolId: forTool.id, clientId: forTool.clientId, scopes }
      return `Bearer ${(await issueAccessToken(grant, { key, clock, ttlSeconds })).access_token}`
    },
    async call(url, auth, init = {}) {
      const headers: Record<string, string> = {}
      if (auth) headers.authorization = auth
      if (init.type) headers['content-type'] = init.type
      if (init.accept) headers.accept = init.accept
      const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body))
      const target = url.startsWith('http') ? url : `${SERVICE_PUBLIC_URL}/lti/contexts${url}`
      return app.request(target, { method: init.method ?? 'GET', headers, body })
    },
    createTool,
    close: () => database.close(),
  }
}

/** The body of a score with progress values filled in; `timestamp` defaults to the clock. */
export function scoreBody(fixture: ServiceFixture, score: Record<string, unknown>) {
  return {
    method: 'POST',
    type: MEDIA_TYPE.score,
    body: {
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      timestamp: new Date(fixture.now()).toISOString(),
      ...score,
    },
  }
}
