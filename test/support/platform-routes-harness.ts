/**
 * The platform's LTI routes (`platformLtiRoutes` at `/lti`, `platformLaunchRoutes` at `/`) over
 * a fresh SQL store, with a course, two tools and their activities: what the launch and token
 * endpoint flow tests drive with `app.request()`.
 */
import { generateKeyPair } from 'jose'
import { Hono } from 'hono'
import pino from 'pino'
import { SCOPE } from '../../src/core/claims.js'
import { LtiTokenInvalid } from '../../src/core/errors.js'
import type { DialectName } from '../../src/store/database.js'
import { createKeySet } from '../../src/core/security/key-set.js'
import type { SigningKey } from '../../src/core/security/key-set.js'
import { createSecretBox, generateSecretKey } from '../../src/core/security/secret-box.js'
import { webCryptoMacKey } from '../../src/core/security/sealed-token.js'
import { PLATFORM_KEY_OWNER } from '../../src/platform/ports.js'
import type { Context, ResourceLink, Tool, User } from '../../src/platform/ports.js'
import { createPlatformStores } from '../../src/store/platform/create-platform-stores.js'
import type { AppEnv } from '../../src/web/env.js'
import { correlationId } from '../../src/web/middleware/correlation-id.js'
import { onError } from '../../src/web/on-error.js'
import type { PlatformAppDeps } from '../../src/web/platform-deps.js'
import { PLATFORM_SESSION_COOKIE, sealPlatformSession } from '../../src/web/platform-session.js'
import { platformLaunchRoutes } from '../../src/web/routes/platform-launch-routes.js'
import { platformLtiRoutes } from '../../src/web/routes/platform-lti-routes.js'
import { openTestDatabase } from './databases.js'
import { SUBSTITUTION_PARAMETERS } from './platform-fixtures.js'

export const PUBLIC_URL = 'https://lms.example'
export const NOW = Date.UTC(2026, 10, 23, 12)
export const clock = { now: () => NOW }

const toolKeyPair = await generateKeyPair('RS256')
/** The key the registered tools sign client assertions with (their JWKS holds it). */
export const toolSigningKey: SigningKey = {
  kid: 'tool-k1',
  alg: 'RS256',
  privateKey: toolKeyPair.privateKey,
}

/** Custom parameters of the tools: one per substitution variable the issue names. */
export const CUSTOM = { ...SUBSTITUTION_PARAMETERS, level: 'tool' }

export interface PlatformRoutesHarness {
  readonly app: Hono<AppEnv>
  readonly deps: PlatformAppDeps
  readonly learner: User
  readonly teacher: User
  /** Signed up, enrolled nowhere. */
  readonly outsider: User
  readonly course: Context
  /** Shares name and email; AGS (lineitem, score, result), NRPS and deep linking on. */
  readonly tool: Tool
  /** Shares no personal data and no services. */
  readonly privateTool: Tool
  /** An activity of `tool` with a line item; link custom `level` overrides the tool's. */
  readonly link: ResourceLink
  readonly lineItemId: string
  /** An activity of `privateTool`. */
  readonly privateLink: ResourceLink
  /** The `Cookie` header of a signed-in user. */
  cookieOf(user: User): Promise<string>
  close(): Promise<void>
}

export async function startPlatformRoutes(dialect: DialectName): Promise<PlatformRoutesHarness> {
  const database = await openTestDatabase(dialect)
  const stores = createPlatformStores(database.db, { clock })
  const secretBox = createSecretBox([generateSecretKey()])
  const keySet = createKeySet({ store: stores.keys, secretBox, clock })
  await keySet.ensureKeys(PLATFORM_KEY_OWNER)
  const mac = () => webCryptoMacKey(crypto.getRandomValues(new Uint8Array(32)))
  const deps: PlatformAppDeps = {
    publicUrl: PUBLIC_URL,
    dev: false,
    adminToken: 'unused-admin-token',
    clockSkewSeconds: 5,
    clock,
    logger: pino({ level: 'silent' }),
    sessionKey: await mac(),
    messageHintKey: await mac(),
    accessTokenKey: await mac(),
    stores,
    secretBox,
    keys: {
      signingKey: () => keySet.signingKey(PLATFORM_KEY_OWNER),
      publicJwks: () => keySet.publicJwks(PLATFORM_KEY_OWNER),
      rotate: () => keySet.rotate(PLATFORM_KEY_OWNER),
    },
    // Every tool here publishes the one key at a tool.example URL.
    toolKeys: {
      async getKey(jwksUrl, { kid }) {
        if (jwksUrl.startsWith('https://tool.example/') && kid === toolSigningKey.kid) {
          return toolKeyPair.publicKey
        }
        throw new LtiTokenInvalid('LTI_JWT_KID_UNKNOWN', 'no key in the key set matches "kid"')
      },
    },
  }
  const app = new Hono<AppEnv>()
  app.use('*', correlationId(deps.logger))
  app.route('/lti', platformLtiRoutes(deps))
  app.route('/', platformLaunchRoutes(deps))
  app.onError(onError())

  const person = async (email: string, given: string, family: string) =>
    (await stores.users.createUser({
      email,
      name: `${given} ${family}`,
      givenName: given,
      familyName: family,
      passwordHash: 'not-used-here',
    })) as User
  const learner = await person('ada@example.edu', 'Ada', 'Lovelace')
  const teacher = await person('tim@example.edu', 'Tim', 'Berners-Lee')
  const outsider = await person('eve@example.edu', 'Eve', 'Outside')
  const course = await stores.contexts.createContext({
    title: 'Negotiation 101',
    label: 'NEG101',
    gradingScale: { type: 'points' },
  })
  for (const [user, role] of [
    [learner, 'Learner'],
    [teacher, 'Instructor'],
  ] as const) {
    await stores.contexts.enroll({
      contextId: course.id,
      userId: user.id,
      roles: [role],
      status: 'Active',
    })
  }
  const registration = {
    oidcLoginUrl: 'https://tool.example/login',
    redirectUris: ['https://tool.example/launch'],
    targetLinkUri: 'https://tool.example/launch',
    jwksUrl: 'https://tool.example/jwks',
    deepLinkingUrl: 'https://tool.example/deep-link',
    customParameters: CUSTOM,
  }
  const tool = await stores.tools.createTool({
    ...registration,
    name: 'Practice tool',
    privacy: { sendName: true, sendEmail: true },
    services: {
      ags: [SCOPE.agsLineItem, SCOPE.agsScore, SCOPE.agsResultReadonly],
      nrps: true,
      deepLinking: true,
    },
  })
  const privateTool = await stores.tools.createTool({
    ...registration,
    jwksUrl: 'https://tool.example/jwks-private',
    name: 'Anonymous tool',
    privacy: { sendName: false, sendEmail: false },
    services: { ags: [], nrps: false, deepLinking: false },
  })
  const link = await stores.links.createLink({
    contextId: course.id,
    toolId: tool.id,
    title: 'Week 1 practice',
    text: 'Practise an opening offer',
    customParameters: { level: 'link' },
  })
  const lineItem = await stores.lineItems.createLineItem({
    contextId: course.id,
    toolId: tool.id,
    linkId: link.id,
    label: 'Week 1 practice',
    scoreMaximum: 10,
  })
  await stores.links.setLinkLineItem(link.id, lineItem.id)
  const privateLink = await stores.links.createLink({
    contextId: course.id,
    toolId: privateTool.id,
    title: 'Anonymous survey',
    customParameters: {},
  })

  return {
    app,
    deps,
    learner,
    teacher,
    outsider,
    course,
    tool,
    privateTool,
    link: { ...link, lineItemId: lineItem.id },
    lineItemId: lineItem.id,
    privateLink,
    cookieOf: async (user) =>
      `${PLATFORM_SESSION_COOKIE}=${await sealPlatformSession(user.id, deps)}`,
    close: () => database.close(),
  }
}

/** The action and hidden fields of an auto-posting form page, entities decoded. */
export function readAutoPostForm(html: string): {
  action: string
  fields: Record<string, string>
} {
  const decode = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
  const action = /<form method="post" action="([^"]*)"/.exec(html)?.[1]
  if (action === undefined) throw new Error(`no auto-posting form in: ${html.slice(0, 300)}`)
  const fields: Record<string, string> = {}
  const inputs = html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)
  for (const [, name, value] of inputs) fields[decode(name as string)] = decode(value as string)
  return { action: decode(action), fields }
}
