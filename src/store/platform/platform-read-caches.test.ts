/**
 * The platform stores' per-process read caches: hits served from memory, this process's writes
 * seen at once, another instance's writes seen once the TTL has passed, misses never cached, and
 * `cacheTtlMs: 0` reading the database every time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS, countQueries, openTestDatabase } from '../../../test/support/databases.js'
import type { TestDatabase } from '../../../test/support/databases.js'
import { newToolInput } from '../../../test/support/new-tool-input.js'
import type { Context, PlatformStores, Tool, User } from '../../platform/ports.js'
import { createPlatformStores } from './create-platform-stores.js'
import type { CreatePlatformStoresOptions } from './create-platform-stores.js'
import { ENROLLMENT_CACHE_TTL_MS } from './context-repository.js'

const NOW = 1_790_000_000_000

for (const dialect of DIALECTS) {
  describe(`platform read caches (${dialect})`, () => {
    let database: TestDatabase
    let now = NOW
    const clock = { now: () => now }
    /** Another instance over the same database, uncached: writes "elsewhere". */
    let elsewhere: PlatformStores
    let tool: Tool
    let context: Context
    let user: User

    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      elsewhere = createPlatformStores(database.db, { clock, cacheTtlMs: 0 })
      tool = await elsewhere.tools.createTool(newToolInput())
      context = await elsewhere.contexts.createContext({
        title: 'C',
        gradingScale: { type: 'points' },
      })
      user = (await elsewhere.users.createUser({
        email: `cache-${dialect}@example.edu`,
        name: 'Ada',
        passwordHash: 'h',
      })) as User
      await elsewhere.contexts.enroll({
        contextId: context.id,
        userId: user.id,
        roles: ['Learner'],
        status: 'Active',
      })
    })
    afterAll(() => database?.close())

    /** Stores of "this instance", counting the statements they send. */
    const instance = (options: CreatePlatformStoresOptions = {}) => {
      const counted = countQueries(database.db)
      const stores = createPlatformStores(counted.db, { clock, ...options })
      const statements = async (run: () => Promise<unknown>) => {
        const before = counted.count()
        await run()
        return counted.count() - before
      }
      return { stores, statements }
    }
    const newLineItem = (stores: PlatformStores, linkId?: string) =>
      stores.lineItems.createLineItem({
        contextId: context.id,
        toolId: tool.id,
        linkId,
        label: 'Quiz',
        scoreMaximum: 10,
      })

    it('answers repeated reads of every hot lookup from memory', async () => {
      const { stores, statements } = instance()
      const link = await elsewhere.links.createLink({
        contextId: context.id,
        toolId: tool.id,
        title: 'A',
        customParameters: {},
      })
      const item = await newLineItem(elsewhere, link.id)
      const reads = () =>
        Promise.all([
          stores.tools.findTool(tool.id),
          stores.tools.findToolByClientId(tool.clientId),
          stores.users.findUser(user.id),
          stores.contexts.findContext(context.id),
          stores.contexts.findEnrollment(context.id, user.id),
          stores.links.findLink(link.id),
          stores.lineItems.findLineItem(item.id),
        ])
      expect(await statements(reads)).toBe(7)
      expect(await statements(reads)).toBe(0)
      const [foundTool, byClientId, foundUser, foundContext, enrollment, foundLink, foundItem] =
        await reads()
      expect([foundTool, byClientId]).toEqual([tool, tool])
      expect(foundUser).toEqual(user)
      expect(foundContext).toEqual(context)
      expect(enrollment).toMatchObject({ roles: ['Learner'], status: 'Active' })
      expect(foundLink).toEqual(link)
      expect(foundItem).toEqual(item)
    })

    it('never caches a miss: what another instance creates is found at once', async () => {
      const { stores } = instance()
      const other = await elsewhere.tools.createTool(newToolInput({ name: 'Late' }))
      const outsider = (await elsewhere.users.createUser({
        email: `late-${dialect}@example.edu`,
        name: 'Late',
        passwordHash: 'h',
      })) as User
      expect(await stores.contexts.findEnrollment(context.id, outsider.id)).toBeUndefined()
      await elsewhere.contexts.enroll({
        contextId: context.id,
        userId: outsider.id,
        roles: ['Learner'],
        status: 'Active',
      })
      expect(await stores.contexts.findEnrollment(context.id, outsider.id)).toBeDefined()
      expect(await stores.tools.findToolByClientId('c-not-yet')).toBeUndefined()
      expect(await stores.tools.findTool(other.id)).toEqual(other)
    })

    it('sees its own enrollment change at once, another instance`s after the TTL', async () => {
      const { stores } = instance()
      const learner = (await elsewhere.users.createUser({
        email: `moved-${dialect}@example.edu`,
        name: 'Moved',
        passwordHash: 'h',
      })) as User
      const enroll = (on: PlatformStores, status: 'Active' | 'Inactive') =>
        on.contexts.enroll({
          contextId: context.id,
          userId: learner.id,
          roles: ['Learner'],
          status,
        })
      const status = async () =>
        (await stores.contexts.findEnrollment(context.id, learner.id))?.status
      await enroll(stores, 'Active')
      expect(await status()).toBe('Active')
      await enroll(stores, 'Inactive')
      expect(await status()).toBe('Inactive')

      await enroll(elsewhere, 'Active')
      now += ENROLLMENT_CACHE_TTL_MS - 1
      expect(await status()).toBe('Inactive')
      now += 1
      expect(await status()).toBe('Active')
    })

    it('drops a link whose line item it binds, or whose line item it deletes', async () => {
      const { stores, statements } = instance()
      const link = await stores.links.createLink({
        contextId: context.id,
        toolId: tool.id,
        title: 'B',
        customParameters: {},
      })
      const item = await newLineItem(stores, link.id)
      expect((await stores.links.findLink(link.id))?.lineItemId).toBeUndefined()
      await stores.links.setLinkLineItem(link.id, item.id)
      expect((await stores.links.findLink(link.id))?.lineItemId).toBe(item.id)
      expect(await statements(() => stores.links.findLink(link.id))).toBe(0)
      expect(await stores.lineItems.deleteLineItem(item.id)).toBe(true)
      expect((await stores.links.findLink(link.id))?.lineItemId).toBeUndefined()
    })

    it('sees its own line item update and delete at once', async () => {
      const { stores } = instance()
      const item = await newLineItem(stores)
      expect((await stores.lineItems.findLineItem(item.id))?.label).toBe('Quiz')
      await stores.lineItems.updateLineItem(item.id, { label: 'Exam', scoreMaximum: 20 })
      expect(await stores.lineItems.findLineItem(item.id)).toMatchObject({
        label: 'Exam',
        scoreMaximum: 20,
      })
      await stores.lineItems.deleteLineItem(item.id)
      expect(await stores.lineItems.findLineItem(item.id)).toBeUndefined()
    })

    it('serves a line item deleted elsewhere until the TTL, then no more', async () => {
      const { stores } = instance({ cacheTtlMs: { lineItems: 1_000 } })
      const item = await newLineItem(elsewhere)
      expect(await stores.lineItems.findLineItem(item.id)).toEqual(item)
      await elsewhere.lineItems.deleteLineItem(item.id)
      now += 999
      expect(await stores.lineItems.findLineItem(item.id)).toEqual(item)
      now += 1
      expect(await stores.lineItems.findLineItem(item.id)).toBeUndefined()
    })

    it('reads the database every time with cacheTtlMs 0', async () => {
      const { stores, statements } = instance({ cacheTtlMs: 0 })
      const read = () =>
        Promise.all([
          stores.tools.findTool(tool.id),
          stores.users.findUser(user.id),
          stores.contexts.findContext(context.id),
          stores.contexts.findEnrollment(context.id, user.id),
        ])
      expect(await statements(read)).toBe(4)
      expect(await statements(read)).toBe(4)
    })

    it('takes a lifetime per kind: 0 turns one cache off and leaves the others', async () => {
      const { stores, statements } = instance({ cacheTtlMs: { enrollments: 0 } })
      const read = () =>
        Promise.all([
          stores.contexts.findContext(context.id),
          stores.contexts.findEnrollment(context.id, user.id),
        ])
      expect(await statements(read)).toBe(2)
      expect(await statements(read)).toBe(1)
    })
  })
}
