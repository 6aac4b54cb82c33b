import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS, openTestDatabase } from '../../../test/support/databases.js'
import type { TestDatabase } from '../../../test/support/databases.js'
import { newToolInput } from '../../../test/support/new-tool-input.js'
import type { Context, NewLineItem, PlatformStores, Tool } from '../../platform/ports.js'
import { createPlatformStores } from './create-platform-stores.js'

const NOW = 1_790_000_000_000

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    let stores: PlatformStores
    let tool: Tool
    let otherTool: Tool
    let now = NOW
    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      stores = createPlatformStores(database.db, { clock: { now: () => now } })
      const newTool = (name: string) =>
        stores.tools.createTool(
          newToolInput({
            name,
            services: {
              ags: ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem'],
              nrps: false,
              deepLinking: false,
            },
          }),
        )
      tool = await newTool('T')
      otherTool = await newTool('Other')
    })
    afterAll(() => database?.close())

    const newContext = () =>
      stores.contexts.createContext({ title: 'C', gradingScale: { type: 'percentage' } })
    const newLink = (context: Context) =>
      stores.links.createLink({
        contextId: context.id,
        toolId: tool.id,
        title: 'L',
        customParameters: {},
      })

    it('stores every field of a line item exactly, and omits the absent ones', async () => {
      const context = await newContext()
      const link = await newLink(context)
      const full: NewLineItem = {
        contextId: context.id,
        toolId: tool.id,
        linkId: link.id,
        label: 'Essay',
        scoreMaximum: 37.5,
        resourceId: 'essay-1',
        tag: 'final',
        startDateTime: '2026-11-01T00:00:00.000Z',
        endDateTime: '2026-12-01T23:59:59+01:00',
        gradesReleased: false,
        submissionReview: {
          reviewableStatus: ['InProgress', 'Submitted'],
          label: 'Open my essay',
          url: 'https://tool.example/review',
          custom: { mode: 'review', 'a "quoted" key': 'ß' },
        },
      }
      const created = await stores.lineItems.createLineItem(full)
      expect(created).toEqual({
        ...full,
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        createdAt: NOW,
      })
      expect(await stores.lineItems.findLineItem(created.id)).toEqual(created)

      const minimal = await stores.lineItems.createLineItem({
        contextId: context.id,
        toolId: tool.id,
        label: 'Minimal',
        scoreMaximum: 1,
      })
      expect(await stores.lineItems.findLineItem(minimal.id)).toEqual({
        id: minimal.id,
        contextId: context.id,
        toolId: tool.id,
        label: 'Minimal',
        scoreMaximum: 1,
        createdAt: NOW,
      })
      const released = await stores.lineItems.createLineItem({
        ...full,
        gradesReleased: true,
        submissionReview: {},
      })
      expect(await stores.lineItems.findLineItem(released.id)).toEqual(released)
      expect(await stores.lineItems.findLineItem('no-such-line-item')).toBeUndefined()
    })

    it('lists a tool`s line items of a context in creation order, filtered and paged', async () => {
      const context = await newContext()
      const linkA = await newLink(context)
      const linkB = await newLink(context)
      const specs = [
        { linkId: linkA.id, resourceId: 'r1', tag: 'quiz' },
        { linkId: linkB.id, resourceId: 'r1', tag: 'exam' },
        { resourceId: 'r2', tag: 'quiz' },
        { linkId: linkA.id, tag: 'exam' },
        {},
      ]
      const created = []
      for (const [i, spec] of specs.entries()) {
        // Reverse clock order against insertion: the list must follow createdAt.
        now = NOW + 100 - i
        created.push(
          await stores.lineItems.createLineItem({
            contextId: context.id,
            toolId: tool.id,
            label: `item ${i}`,
            scoreMaximum: 10,
            ...spec,
          }),
        )
      }
      now = NOW
      await stores.lineItems.createLineItem({
        contextId: context.id,
        toolId: otherTool.id,
        label: 'other tool',
        scoreMaximum: 1,
        tag: 'quiz',
      })
      const other = await newContext()
      await stores.lineItems.createLineItem({
        contextId: other.id,
        toolId: tool.id,
        label: 'other context',
        scoreMaximum: 1,
      })

      const byCreation = [...created].reverse()
      const query = { contextId: context.id, toolId: tool.id, limit: 100, offset: 0 }
      const list = (filters: object = {}) =>
        stores.lineItems.listLineItems({ ...query, ...filters })
      expect(await list()).toEqual(byCreation)
      expect(await list({ linkId: linkA.id })).toEqual([created[3], created[0]])
      expect(await list({ resourceId: 'r1' })).toEqual([created[1], created[0]])
      expect(await list({ tag: 'quiz' })).toEqual([created[2], created[0]])
      expect(await list({ tag: 'exam', linkId: linkA.id })).toEqual([created[3]])
      expect(await list({ tag: 'none' })).toEqual([])
      expect(await list({ limit: 2, offset: 0 })).toEqual(byCreation.slice(0, 2))
      expect(await list({ limit: 2, offset: 2 })).toEqual(byCreation.slice(2, 4))
      expect(await list({ limit: 2, offset: 4 })).toEqual(byCreation.slice(4))
      expect(await list({ toolId: otherTool.id })).toHaveLength(1)
    })

    it("lists a context's line items of every tool, in creation order", async () => {
      const context = await newContext()
      now = NOW + 5
      const late = await stores.lineItems.createLineItem({
        contextId: context.id,
        toolId: tool.id,
        label: 'late',
        scoreMaximum: 1,
      })
      now = NOW + 1
      const early = await stores.lineItems.createLineItem({
        contextId: context.id,
        toolId: otherTool.id,
        label: 'early',
        scoreMaximum: 1,
      })
      now = NOW
      const other = await newContext()
      await stores.lineItems.createLineItem({
        contextId: other.id,
        toolId: tool.id,
        label: 'elsewhere',
        scoreMaximum: 1,
      })
      expect(await stores.lineItems.listContextLineItems(context.id)).toEqual([early, late])
      expect(await stores.lineItems.listContextLineItems('no-such-context')).toEqual([])
    })

    it('replaces the mutable fields on update, clearing those left out', async () => {
      const context = await newContext()
      const link = await newLink(context)
      const created = await stores.lineItems.createLineItem({
        contextId: context.id,
        toolId: tool.id,
        linkId: link.id,
        label: 'Before',
        scoreMaximum: 10,
        resourceId: 'r',
        tag: 't',
        gradesReleased: true,
        submissionReview: { label: 'Review' },
      })
      const updated = await stores.lineItems.updateLineItem(created.id, {
        label: 'After',
        scoreMaximum: 20,
        endDateTime: '2027-01-01T00:00:00Z',
      })
      expect(updated).toEqual({
        id: created.id,
        contextId: context.id,
        toolId: tool.id,
        label: 'After',
        scoreMaximum: 20,
        endDateTime: '2027-01-01T00:00:00Z',
        createdAt: created.createdAt,
      })
      expect(await stores.lineItems.findLineItem(created.id)).toEqual(updated)
      expect(
        await stores.lineItems.updateLineItem('no-such-line-item', { label: 'x', scoreMaximum: 1 }),
      ).toBeUndefined()
    })

    it('deletes a line item with its scores and unbinds its links, and no other', async () => {
      const context = await newContext()
      const link = await newLink(context)
      const user = await stores.users.createUser({
        email: `learner-${dialect}@example.edu`,
        name: 'Learner',
        passwordHash: 'h',
      })
      const item = (label: string) =>
        stores.lineItems.createLineItem({
          contextId: context.id,
          toolId: tool.id,
          linkId: link.id,
          label,
          scoreMaximum: 10,
        })
      const doomed = await item('doomed')
      const kept = await item('kept')
      await stores.links.setLinkLineItem(link.id, doomed.id)
      const otherLink = await newLink(context)
      await stores.links.setLinkLineItem(otherLink.id, kept.id)
      const score = (lineItemId: string) => ({
        lineItemId,
        userId: user!.id,
        scoreGiven: 7,
        scoreMaximum: 10,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        timestamp: '2026-11-23T10:00:00.000Z',
        timestampMicros: 1_795_428_000_000_000,
        receivedAt: NOW,
      })
      await stores.scores.putScore(score(doomed.id))
      await stores.scores.putScore(score(kept.id))

      expect(await stores.lineItems.deleteLineItem(doomed.id)).toBe(true)
      expect(await stores.lineItems.findLineItem(doomed.id)).toBeUndefined()
      expect(await stores.scores.findScore(doomed.id, user!.id)).toBeUndefined()
      expect(await stores.links.findLink(link.id)).not.toHaveProperty('lineItemId')
      expect(await stores.scores.findScore(kept.id, user!.id)).toEqual(score(kept.id))
      expect((await stores.links.findLink(otherLink.id))?.lineItemId).toBe(kept.id)
      expect(await stores.lineItems.deleteLineItem(doomed.id)).toBe(false)
    })
  })
}
