/**
 * The platform absorbing deep linking responses: a round trip from the tool's
 * `buildDeepLinkingResponse` into links, line items and course content, and every refusal, each
 * leaving the stores untouched.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openTestDatabase } from '../../test/support/databases.js'
import type { TestDatabase } from '../../test/support/databases.js'
import { DL_PUBLIC_URL, seedDeepLinking } from '../../test/support/platform-deep-linking-fixture.js'
import type { DeepLinkingFixture } from '../../test/support/platform-deep-linking-fixture.js'
import { buildDeepLinkingResponse } from '../core/deep-linking/build-deep-linking-response.js'
import type { DeepLinkingResponseInput } from '../core/deep-linking/build-deep-linking-response.js'
import type { ContentItem } from '../core/deep-linking/content-item.js'
import type { DeepLinkingSettings } from '../core/deep-linking/read-deep-linking-settings.js'
import type { SigningKey } from '../core/security/key-set.js'
import { createPlatformStores } from '../store/platform/create-platform-stores.js'
import { absorbDeepLinkingResponse } from './deep-linking-response.js'
import type { AbsorbDeepLinkingDeps } from './deep-linking-response.js'
import type { PlatformStores, Tool } from './ports.js'

const NOW = 1_800_000_000_000
let now = NOW
const clock = { now: () => now }

const items: ContentItem[] = [
  {
    type: 'ltiResourceLink',
    title: 'Scenario 1',
    text: 'Opening offers',
    url: 'https://tool.example/launch?scenario=1',
    custom: { scenario_id: 'sc-1' },
    lineItem: {
      label: 'Scenario 1 score',
      scoreMaximum: 100,
      resourceId: 'sc-1',
      tag: 'grade',
      submissionReview: { reviewableStatus: ['Completed'], url: 'https://tool.example/review' },
    },
    submission: { endDateTime: '2027-03-01T00:00:00Z' },
  },
  { type: 'ltiResourceLink', custom: { scenario_id: 'sc-2' } },
  { type: 'link', url: 'https://example.org/reading', title: 'Reading' },
  { type: 'file', url: 'https://example.org/notes.pdf', title: 'Notes' },
  { type: 'html', html: '<p>Welcome</p>', title: 'Welcome' },
  { type: 'image', url: 'https://example.org/map.png', width: 400, height: 300 },
]

let database: TestDatabase
let f: DeepLinkingFixture
let deps: AbsorbDeepLinkingDeps

beforeAll(async () => {
  database = await openTestDatabase('sqlite')
})
afterAll(() => database?.close())

beforeEach(async () => {
  now = NOW
  // A fresh context and tools per test (the database is shared).
  const stores = createPlatformStores(database.db, { clock })
  f = await seedDeepLinkingUnique(stores)
  deps = {
    stores,
    toolKeys: f.toolKeys,
    publicUrl: DL_PUBLIC_URL,
    clock,
    clockSkewSeconds: 5,
    messageHintKey: f.messageHintKey,
    dev: false,
  }
})

let seeded = 0
async function seedDeepLinkingUnique(stores: PlatformStores): Promise<DeepLinkingFixture> {
  // Users have unique e-mail addresses: give each test its own.
  seeded += 1
  const users = stores.users
  const unique: PlatformStores = {
    ...stores,
    users: {
      ...users,
      createUser: (input) => users.createUser({ ...input, email: `${seeded}.${input.email}` }),
    },
  }
  return seedDeepLinking(unique, clock)
}

async function respond(
  settings: DeepLinkingSettings,
  overrides: Partial<DeepLinkingResponseInput> = {},
  tool: Tool = f.tool,
  key: SigningKey = f.toolKey,
): Promise<string> {
  return buildDeepLinkingResponse(
    {
      issuer: tool.clientId,
      audience: DL_PUBLIC_URL,
      deploymentId: tool.deploymentId,
      settings,
      contentItems: items,
      msg: 'Added 6 items',
      log: 'picked sc-1, sc-2',
      ...overrides,
    },
    { signingKey: key, clock },
  )
}

async function nothingWritten(): Promise<void> {
  expect(await deps.stores.links.listLinks(f.context.id)).toEqual([])
  expect(await deps.stores.links.listContentItems(f.context.id)).toEqual([])
}

describe('absorbDeepLinkingResponse', () => {
  it('turns resource links into activities with line items, the rest into content', async () => {
    const { settings } = await f.requestFor(f.tool)
    const result = await absorbDeepLinkingResponse(await respond(settings), deps)

    expect(result).toMatchObject({
      contextId: f.context.id,
      toolId: f.tool.id,
      msg: 'Added 6 items',
      log: 'picked sc-1, sc-2',
    })
    const links = await deps.stores.links.listLinks(f.context.id)
    expect(links).toHaveLength(2)
    const [first, second] = [...result.links]
    expect(links.map((l) => l.id).sort()).toEqual([first?.id, second?.id].sort())
    expect(first).toMatchObject({
      title: 'Scenario 1',
      text: 'Opening offers',
      url: 'https://tool.example/launch?scenario=1',
      customParameters: { scenario_id: 'sc-1' },
      toolId: f.tool.id,
    })
    // No title: the tool's name.
    expect(second).toMatchObject({
      title: 'Practice tool',
      customParameters: { scenario_id: 'sc-2' },
    })
    expect(second?.lineItemId).toBeUndefined()

    expect(result.lineItems).toHaveLength(1)
    const lineItem = await deps.stores.lineItems.findLineItem(first?.lineItemId ?? '')
    expect(lineItem).toMatchObject({
      contextId: f.context.id,
      toolId: f.tool.id,
      linkId: first?.id,
      label: 'Scenario 1 score',
      scoreMaximum: 100,
      resourceId: 'sc-1',
      tag: 'grade',
      endDateTime: '2027-03-01T00:00:00Z',
      submissionReview: { reviewableStatus: ['Completed'], url: 'https://tool.example/review' },
    })
    expect((await deps.stores.links.findLink(first?.id ?? ''))?.lineItemId).toBe(lineItem?.id)

    const content = await deps.stores.links.listContentItems(f.context.id)
    expect(content.map((c) => c.id).sort()).toEqual(result.contentItems.map((c) => c.id).sort())
    // In the order the tool sent them.
    expect(result.contentItems.map((c) => [c.type, c.title, c.url, c.html])).toEqual([
      ['link', 'Reading', 'https://example.org/reading', undefined],
      ['file', 'Notes', 'https://example.org/notes.pdf', undefined],
      ['html', 'Welcome', undefined, '<p>Welcome</p>'],
      ['image', undefined, 'https://example.org/map.png', undefined],
    ])
    expect(content.find((c) => c.type === 'image')?.raw).toStrictEqual(items[5])
  })

  it('ignores line items when the request did not accept them', async () => {
    const { settings } = await f.requestFor(f.otherTool)
    expect(settings.acceptLineItem).toBe(false)
    // A tool that disregards accept_lineitem: false.
    const jwt = await respond(
      { ...settings, acceptLineItem: undefined },
      { contentItems: [items[0] as ContentItem] },
      f.otherTool,
      f.otherToolKey,
    )
    const result = await absorbDeepLinkingResponse(jwt, deps)
    expect(result.links).toHaveLength(1)
    expect(result.links[0]?.lineItemId).toBeUndefined()
    expect(result.lineItems).toEqual([])
  })

  it('absorbs an empty response (the user cancelled) and returns its error message', async () => {
    const { settings } = await f.requestFor(f.tool)
    const jwt = await respond(settings, {
      contentItems: [],
      msg: undefined,
      errormsg: 'Nothing picked',
      errorlog: 'cancelled by user',
    })
    const result = await absorbDeepLinkingResponse(jwt, deps)
    expect(result).toMatchObject({ errormsg: 'Nothing picked', errorlog: 'cancelled by user' })
    expect(result.links).toEqual([])
    await nothingWritten()
  })

  it('refuses a replayed response and writes nothing twice', async () => {
    const { settings } = await f.requestFor(f.tool)
    const jwt = await respond(settings)
    await absorbDeepLinkingResponse(jwt, deps)
    await expect(absorbDeepLinkingResponse(jwt, deps)).rejects.toMatchObject({
      code: 'LTI_NONCE_REPLAYED',
    })
    expect(await deps.stores.links.listLinks(f.context.id)).toHaveLength(2)
  })

  it('refuses tampered data', async () => {
    const { settings } = await f.requestFor(f.tool)
    const [body, mac] = (settings.data ?? '').split('.')
    const jwt = await respond({ ...settings, data: `${body}x.${mac}` })
    await expect(absorbDeepLinkingResponse(jwt, deps)).rejects.toMatchObject({
      code: 'LTI_DEEP_LINKING_RESPONSE_INVALID',
    })
    await nothingWritten()
  })

  it('refuses the data of another tool`s request, even signed properly', async () => {
    const { settings } = await f.requestFor(f.tool)
    // The other tool got hold of the first tool's data value.
    const jwt = await respond(settings, {}, f.otherTool, f.otherToolKey)
    await expect(absorbDeepLinkingResponse(jwt, deps)).rejects.toMatchObject({
      code: 'LTI_DEEP_LINKING_RESPONSE_INVALID',
    })
    await nothingWritten()
  })

  it('refuses data older than an hour', async () => {
    const { settings } = await f.requestFor(f.tool)
    now = NOW + 3601_000
    const jwt = await respond(settings)
    await expect(absorbDeepLinkingResponse(jwt, deps)).rejects.toMatchObject({
      code: 'LTI_DEEP_LINKING_RESPONSE_INVALID',
      cause: { reason: 'expired' },
    })
    await nothingWritten()
  })

  it.each([
    ['unenrolled', { roles: ['Instructor'], status: 'Inactive' }],
    ['now a learner', { roles: ['Learner'], status: 'Active' }],
  ] as const)(
    'refuses when the instructor is %s (LTI_DEEP_LINKING_NOT_ALLOWED)',
    async (_, change) => {
      const { settings } = await f.requestFor(f.tool)
      await deps.stores.contexts.enroll({
        contextId: f.context.id,
        userId: f.instructor.id,
        roles: [...change.roles],
        status: change.status,
      })
      await expect(absorbDeepLinkingResponse(await respond(settings), deps)).rejects.toMatchObject({
        code: 'LTI_DEEP_LINKING_NOT_ALLOWED',
      })
      await nothingWritten()
    },
  )

  it('refuses when the tool has lost deep linking', async () => {
    const { settings } = await f.requestFor(f.tool)
    const { tools } = deps.stores
    deps.stores = {
      ...deps.stores,
      tools: {
        ...tools,
        findToolByClientId: async (clientId) => {
          const found = await tools.findToolByClientId(clientId)
          return found && { ...found, services: { ...found.services, deepLinking: false } }
        },
      },
    }
    await expect(absorbDeepLinkingResponse(await respond(settings), deps)).rejects.toMatchObject({
      code: 'LTI_DEEP_LINKING_NOT_ALLOWED',
    })
    await nothingWritten()
  })

  it('refuses a tool disabled while the instructor was picking, writing nothing', async () => {
    const { settings } = await f.requestFor(f.tool)
    await deps.stores.tools.setToolStatus(f.tool.id, 'disabled')
    await expect(absorbDeepLinkingResponse(await respond(settings), deps)).rejects.toMatchObject({
      code: 'LTI_TOOL_DISABLED',
    })
    await nothingWritten()
    await deps.stores.tools.setToolStatus(f.tool.id, 'active')
  })

  it('opens an item in a window when it asks for one (DL 2.0 §3 `window`)', async () => {
    const { settings } = await f.requestFor(f.tool)
    const jwt = await respond(settings, {
      contentItems: [
        { type: 'ltiResourceLink', title: 'Popup', window: { targetName: 'tool' } },
        { type: 'ltiResourceLink', title: 'Framed', iframe: { width: 800, height: 600 } },
        { type: 'ltiResourceLink', title: 'Plain' },
      ],
    })
    const result = await absorbDeepLinkingResponse(jwt, deps)
    expect(result.links.map((l) => [l.title, l.presentation])).toEqual([
      ['Popup', 'window'],
      ['Framed', 'iframe'],
      ['Plain', 'iframe'],
    ])
    const stored = await deps.stores.links.listLinks(f.context.id)
    expect(stored.find((l) => l.title === 'Popup')?.presentation).toBe('window')
  })

  it('writes nothing when one item of many is invalid', async () => {
    const { settings } = await f.requestFor(f.tool)
    // http is fine for the tool (it cannot know the platform's mode) but not outside dev.
    const jwt = await respond(settings, {
      contentItems: [...items, { type: 'link', url: 'http://example.org/insecure' }],
    })
    await expect(absorbDeepLinkingResponse(jwt, deps)).rejects.toMatchObject({
      code: 'LTI_CONTENT_ITEM_INVALID',
      cause: { index: 6 },
    })
    await nothingWritten()
    // In dev mode the same response is fine.
    const result = await absorbDeepLinkingResponse(jwt, { ...deps, dev: true })
    expect(result.contentItems).toHaveLength(5)
  })

  it('reports what was written when a write fails midway', async () => {
    const { settings } = await f.requestFor(f.tool)
    const { lineItems } = deps.stores
    deps.stores = {
      ...deps.stores,
      lineItems: {
        ...lineItems,
        createLineItem: async () => {
          throw new Error('disk full')
        },
      },
    }
    const error = await absorbDeepLinkingResponse(await respond(settings), deps).catch((e) => e)
    expect(error).toMatchObject({ code: 'LTI_INTERNAL' })
    const links = await lineItems.listLineItems({
      contextId: f.context.id,
      toolId: f.tool.id,
      limit: 10,
      offset: 0,
    })
    expect(links).toEqual([])
    const written = (await deps.stores.links.listLinks(f.context.id)).map((l) => l.id)
    expect(written).toHaveLength(1)
    expect(error.cause).toMatchObject({
      error: 'disk full',
      written: { links: written, lineItems: [], contentItems: [] },
    })
  })
})
