import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS, openTestDatabase } from '../../../test/support/databases.js'
import type { TestDatabase } from '../../../test/support/databases.js'
import { newToolInput } from '../../../test/support/new-tool-input.js'
import type { Context, PlatformStores, Tool } from '../../platform/ports.js'
import { createPlatformStores } from './create-platform-stores.js'

const NOW = 1_790_000_000_000

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    let stores: PlatformStores
    let context: Context
    let tool: Tool
    let now = NOW
    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      stores = createPlatformStores(database.db, { clock: { now: () => now } })
      context = await stores.contexts.createContext({
        title: 'C',
        gradingScale: { type: 'points' },
      })
      tool = await stores.tools.createTool(
        newToolInput({ services: { ags: [], nrps: false, deepLinking: true } }),
      )
    })
    afterAll(() => database?.close())

    it('stores a link with an opaque resource link ID of its own', async () => {
      const link = await stores.links.createLink({
        contextId: context.id,
        toolId: tool.id,
        title: 'Week 1 quiz',
        text: 'Ten questions',
        url: 'https://tool.example/quiz/1',
        customParameters: { quiz: '1', 'chapter name': 'Über "Engines"' },
      })
      expect(link).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        contextId: context.id,
        toolId: tool.id,
        resourceLinkId: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
        title: 'Week 1 quiz',
        text: 'Ten questions',
        url: 'https://tool.example/quiz/1',
        customParameters: { quiz: '1', 'chapter name': 'Über "Engines"' },
        presentation: 'iframe',
        createdAt: NOW,
      })
      expect(link.resourceLinkId).not.toBe(link.id)
      expect(await stores.links.findLink(link.id)).toEqual(link)
      expect(await stores.links.findLinkByResourceLinkId(link.resourceLinkId)).toEqual(link)
      expect(await stores.links.findLinkByResourceLinkId(link.id)).toBeUndefined()
      expect(await stores.links.findLink('00000000-0000-0000-0000-000000000000')).toBeUndefined()
    })

    it('binds and unbinds a line item', async () => {
      const link = await stores.links.createLink({
        contextId: context.id,
        toolId: tool.id,
        title: 'Graded',
        customParameters: {},
      })
      expect(link).not.toHaveProperty('lineItemId')
      expect(link).not.toHaveProperty('text')
      expect(link).not.toHaveProperty('url')
      const lineItem = await stores.lineItems.createLineItem({
        contextId: context.id,
        toolId: tool.id,
        linkId: link.id,
        label: 'Graded',
        scoreMaximum: 10,
      })
      await stores.links.setLinkLineItem(link.id, lineItem.id)
      expect(await stores.links.findLink(link.id)).toEqual({ ...link, lineItemId: lineItem.id })
      await stores.links.setLinkLineItem(link.id, undefined)
      expect(await stores.links.findLink(link.id)).toEqual(link)
    })

    it('keeps how a link opens: iframe unless it says window', async () => {
      const link = await stores.links.createLink({
        contextId: context.id,
        toolId: tool.id,
        title: 'Popup',
        customParameters: {},
        presentation: 'window',
      })
      expect(link.presentation).toBe('window')
      const fresh = createPlatformStores(database.db, { clock: { now: () => now } })
      expect((await fresh.links.findLink(link.id))?.presentation).toBe('window')
      expect((await fresh.links.listLinks(context.id)).map((l) => l.presentation)).toContain(
        'window',
      )
    })

    it('lists the links of one context in creation order', async () => {
      const own = await stores.contexts.createContext({
        title: 'Own',
        gradingScale: { type: 'points' },
      })
      const make = (title: string) =>
        stores.links.createLink({ contextId: own.id, toolId: tool.id, title, customParameters: {} })
      now = NOW + 9
      const second = await make('second')
      now = NOW + 3
      const first = await make('first')
      now = NOW
      expect(await stores.links.listLinks(own.id)).toEqual([first, second])
      expect(await stores.links.listLinks('no-such-context')).toEqual([])
    })

    it('stores content items with the raw item exactly', async () => {
      const own = await stores.contexts.createContext({
        title: 'Content',
        gradingScale: { type: 'points' },
      })
      const raw = {
        type: 'html',
        html: '<p>Hello</p>',
        nested: { list: [1, 2.5, null, true], 'key with "quotes"': 'ü' },
      }
      now = NOW + 2
      const html = await stores.links.createContentItem({
        contextId: own.id,
        toolId: tool.id,
        type: 'html',
        html: '<p>Hello</p>',
        raw,
      })
      now = NOW + 1
      const file = await stores.links.createContentItem({
        contextId: own.id,
        toolId: tool.id,
        type: 'file',
        title: 'Syllabus',
        text: 'PDF',
        url: 'https://tool.example/syllabus.pdf',
        raw: { type: 'file', url: 'https://tool.example/syllabus.pdf' },
      })
      now = NOW
      expect(html).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        contextId: own.id,
        toolId: tool.id,
        type: 'html',
        html: '<p>Hello</p>',
        raw,
        createdAt: NOW + 2,
      })
      const listed = await stores.links.listContentItems(own.id)
      expect(listed).toEqual([file, html])
      expect(listed[1]).not.toHaveProperty('title')
      expect(listed[1]).not.toHaveProperty('url')
      expect(await stores.links.listContentItems(context.id)).toEqual([])
    })
  })
}
