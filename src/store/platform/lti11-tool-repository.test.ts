import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS, openTestDatabase } from '../../../test/support/databases.js'
import type { TestDatabase } from '../../../test/support/databases.js'
import { newToolInput } from '../../../test/support/new-tool-input.js'
import type { NewLti11Tool, PlatformStores } from '../../platform/ports.js'
import { createPlatformStores } from './create-platform-stores.js'
import { lti11ToolRepository } from './lti11-tool-repository.js'

const NOW = 1_790_000_000_000

let counter = 0
const newLti11Tool = (overrides: Partial<NewLti11Tool> = {}): NewLti11Tool => ({
  name: 'Legacy quiz',
  launchUrl: 'https://legacy.example/lti',
  consumerKey: `key-${++counter}`,
  encryptedSharedSecret: 'v1.kid.iv.ciphertext',
  customParameters: { chapter: '$Context.id', 'odd "key"': 'ünïcödé ✓' },
  privacy: { sendName: true, sendEmail: false },
  ...overrides,
})

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    let stores: PlatformStores
    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      // No cache: every read below reaches the database.
      stores = createPlatformStores(database.db, { clock: { now: () => NOW }, cacheTtlMs: 0 })
    })
    afterAll(() => database?.close())

    it('stores a 1.1 tool with its JSON settings and finds it by ID and consumer key', async () => {
      const input = newLti11Tool()
      const tool = await stores.lti11Tools.createLti11Tool(input)
      expect(tool).toEqual({
        ...input,
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        status: 'active',
        createdAt: NOW,
      })
      expect(await stores.lti11Tools.findLti11Tool(tool!.id)).toEqual(tool)
      expect(await stores.lti11Tools.findLti11ToolByConsumerKey(input.consumerKey)).toEqual(tool)
      expect(await stores.lti11Tools.findLti11ToolByConsumerKey('nobody')).toBeUndefined()
      expect(await stores.lti11Tools.findLti11Tool(crypto.randomUUID())).toBeUndefined()
    })

    it('refuses a second tool with the same consumer key, keeping the first', async () => {
      const first = await stores.lti11Tools.createLti11Tool(newLti11Tool({ consumerKey: 'dup' }))
      const second = await stores.lti11Tools.createLti11Tool(
        newLti11Tool({ consumerKey: 'dup', name: 'Other' }),
      )
      expect(first).toBeDefined()
      expect(second).toBeUndefined()
      expect(await stores.lti11Tools.findLti11ToolByConsumerKey('dup')).toEqual(first)
    })

    it('lists tools in creation order, disabled ones too', async () => {
      const disabled = await stores.lti11Tools.createLti11Tool(
        newLti11Tool({ status: 'disabled', name: 'Retired' }),
      )
      const list = await stores.lti11Tools.listLti11Tools()
      expect(list).toContainEqual(disabled)
      expect(disabled?.status).toBe('disabled')
      expect(list.length).toBeGreaterThanOrEqual(3)
      const times = list.map((tool) => tool.createdAt)
      expect(times).toEqual([...times].sort((a, b) => a - b))
    })

    it('disables and enables a 1.1 tool, seen at once through a warm cache', async () => {
      const cached = lti11ToolRepository(database.db, { now: () => NOW }, { cacheTtlMs: 60_000 })
      const tool = (await cached.createLti11Tool(newLti11Tool()))!
      // Both lookups are warm before the change.
      expect((await cached.findLti11Tool(tool.id))?.status).toBe('active')
      expect((await cached.findLti11ToolByConsumerKey(tool.consumerKey))?.status).toBe('active')
      expect(await cached.setLti11ToolStatus(tool.id, 'disabled')).toEqual({
        ...tool,
        status: 'disabled',
      })
      expect((await cached.findLti11Tool(tool.id))?.status).toBe('disabled')
      expect((await cached.findLti11ToolByConsumerKey(tool.consumerKey))?.status).toBe('disabled')
      expect((await cached.setLti11ToolStatus(tool.id, 'disabled'))?.status).toBe('disabled')
      expect((await cached.setLti11ToolStatus(tool.id, 'active'))?.status).toBe('active')
      expect((await cached.findLti11ToolByConsumerKey(tool.consumerKey))?.status).toBe('active')
      expect(await cached.setLti11ToolStatus(crypto.randomUUID(), 'active')).toBeUndefined()
    })

    it('links a 1.3 tool to a 1.1 tool and unlinks it', async () => {
      const legacy = await stores.lti11Tools.createLti11Tool(newLti11Tool())
      const tool = await stores.tools.createTool(newToolInput())
      expect(tool.lti11ToolId).toBeUndefined()
      const linked = await stores.tools.setLti11Tool(tool.id, legacy!.id)
      expect(linked).toEqual({ ...tool, lti11ToolId: legacy!.id })
      expect(await stores.tools.findTool(tool.id)).toEqual(linked)
      expect(await stores.tools.setLti11Tool(tool.id, undefined)).toEqual(tool)
      expect(await stores.tools.setLti11Tool(crypto.randomUUID(), legacy!.id)).toBeUndefined()
      const created = await stores.tools.createTool(newToolInput({ lti11ToolId: legacy!.id }))
      expect(created.lti11ToolId).toBe(legacy!.id)
      expect(await stores.tools.findTool(created.id)).toEqual(created)
    })

    it('places a 1.1 tool in a course with a line item and scores', async () => {
      const legacy = (await stores.lti11Tools.createLti11Tool(newLti11Tool()))!
      const context = await stores.contexts.createContext({
        title: 'C',
        gradingScale: { type: 'points' },
      })
      const user = await stores.users.createUser({
        email: `u-${++counter}@example.edu`,
        name: 'U',
        passwordHash: 'x',
      })
      const link = await stores.links.createLink({
        contextId: context.id,
        toolId: legacy.id,
        title: 'Legacy quiz',
        customParameters: {},
      })
      const lineItem = await stores.lineItems.createLineItem({
        contextId: context.id,
        toolId: legacy.id,
        linkId: link.id,
        label: 'Legacy quiz',
        scoreMaximum: 10,
      })
      await stores.links.setLinkLineItem(link.id, lineItem.id)
      expect((await stores.links.findLink(link.id))?.toolId).toBe(legacy.id)
      const score = {
        lineItemId: lineItem.id,
        userId: user!.id,
        scoreGiven: 8.5,
        scoreMaximum: 10,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        timestamp: new Date(NOW).toISOString(),
        timestampMicros: NOW * 1000,
        receivedAt: NOW,
      }
      expect(await stores.scores.putScore(score)).toBe('stored')
      expect(await stores.scores.findScore(lineItem.id, user!.id)).toEqual(score)
    })
  })
}
