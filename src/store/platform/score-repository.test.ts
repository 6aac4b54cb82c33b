import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS, openTestDatabase } from '../../../test/support/databases.js'
import type { TestDatabase } from '../../../test/support/databases.js'
import { newToolInput } from '../../../test/support/new-tool-input.js'
import type { LineItem, PlatformStores, ScoreRecord, User } from '../../platform/ports.js'
import { openDatabase } from '../database.js'
import { createPlatformStores } from './create-platform-stores.js'

const NOW = 1_790_000_000_000
/** 2026-11-23T10:00:00.000000Z in epoch microseconds. */
const T0 = 1_795_428_000_000_000

/** An ISO timestamp with microseconds for `micros`, as a tool may send it. */
function iso(micros: number): string {
  const millis = Math.floor(micros / 1000)
  const fraction = String(micros % 1_000_000).padStart(6, '0')
  return new Date(millis).toISOString().replace(/\.\d{3}Z$/, `.${fraction}Z`)
}

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    let stores: PlatformStores
    let users: User[]
    let contextId: string
    let toolId: string
    let lineItem: LineItem
    const closers: (() => Promise<void>)[] = []
    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      stores = createPlatformStores(database.db, { clock: { now: () => NOW } })
      const context = await stores.contexts.createContext({
        title: 'C',
        gradingScale: { type: 'points' },
      })
      contextId = context.id
      const tool = await stores.tools.createTool(
        newToolInput({
          services: {
            ags: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
            nrps: false,
            deepLinking: false,
          },
        }),
      )
      users = []
      for (const name of ['u1', 'u2', 'u3', 'u4']) {
        const user = await stores.users.createUser({
          email: `${name}@example.edu`,
          name,
          passwordHash: 'h',
        })
        users.push(user!)
      }
      toolId = tool.id
      lineItem = await newLineItem()
    })
    afterEach(async () => {
      for (const close of closers.splice(0)) await close()
    })
    afterAll(() => database?.close())

    const newLineItem = () =>
      stores.lineItems.createLineItem({ contextId, toolId, label: 'Quiz', scoreMaximum: 10 })
    const score = (overrides: Partial<ScoreRecord> = {}): ScoreRecord => {
      const timestampMicros = overrides.timestampMicros ?? T0
      return {
        lineItemId: lineItem.id,
        userId: users[0]!.id,
        scoreGiven: 7.25,
        scoreMaximum: 10,
        comment: 'Well done',
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        timestamp: iso(timestampMicros),
        timestampMicros,
        submission: { startedAt: '2026-11-23T09:00:00Z', nested: { attempts: [1, 2] } },
        receivedAt: NOW,
        ...overrides,
      }
    }

    it('stores a score exactly, and omits what the tool left out', async () => {
      const item = await newLineItem()
      const full = score({ lineItemId: item.id })
      expect(await stores.scores.putScore(full)).toBe('stored')
      expect(await stores.scores.findScore(item.id, full.userId)).toEqual(full)

      const bare: ScoreRecord = {
        lineItemId: item.id,
        userId: users[1]!.id,
        activityProgress: 'Initialized',
        gradingProgress: 'NotReady',
        timestamp: '2026-11-23T10:00:00+02:00',
        timestampMicros: T0 - 7_200_000_000,
        receivedAt: NOW + 1,
      }
      expect(await stores.scores.putScore(bare)).toBe('stored')
      expect(await stores.scores.findScore(item.id, bare.userId)).toEqual(bare)
      expect(await stores.scores.findScore(item.id, users[2]!.id)).toBeUndefined()
      expect(await stores.scores.findScore('no-such-line-item', full.userId)).toBeUndefined()
    })

    it('keeps a newer score, and calls an older or equally old one stale', async () => {
      const item = await newLineItem()
      const at = (micros: number, scoreGiven: number) =>
        score({ lineItemId: item.id, timestampMicros: micros, scoreGiven })
      expect(await stores.scores.putScore(at(T0, 1))).toBe('stored')
      // AGS 2.0 §3.4.6: one microsecond older, or the very same timestamp, changes nothing.
      expect(await stores.scores.putScore(at(T0 - 1, 2))).toBe('stale')
      expect(await stores.scores.putScore(at(T0, 3))).toBe('stale')
      expect(await stores.scores.findScore(item.id, users[0]!.id)).toEqual(at(T0, 1))
      expect(await stores.scores.putScore(at(T0 + 1, 4))).toBe('stored')
      expect(await stores.scores.findScore(item.id, users[0]!.id)).toEqual(at(T0 + 1, 4))
    })

    it('replaces every field of a newer score, clearing what it leaves out', async () => {
      const item = await newLineItem()
      await stores.scores.putScore(score({ lineItemId: item.id }))
      const newer: ScoreRecord = {
        lineItemId: item.id,
        userId: users[0]!.id,
        activityProgress: 'Submitted',
        gradingProgress: 'Pending',
        timestamp: iso(T0 + 5),
        timestampMicros: T0 + 5,
        receivedAt: NOW + 9,
      }
      expect(await stores.scores.putScore(newer)).toBe('stored')
      expect(await stores.scores.findScore(item.id, users[0]!.id)).toEqual(newer)
    })

    it('pages the scores of a line item by user ID, or narrows to one user', async () => {
      const item = await newLineItem()
      const written = []
      for (const user of users) {
        const record = score({ lineItemId: item.id, userId: user.id })
        await stores.scores.putScore(record)
        written.push(record)
      }
      await stores.scores.putScore(score({ lineItemId: lineItem.id, userId: users[0]!.id }))
      const byUser = written.sort((a, b) => (a.userId < b.userId ? -1 : 1))
      const page = (limit: number, offset: number, userId?: string) =>
        stores.scores.listScores(item.id, { limit, offset, ...(userId && { userId }) })
      expect(await page(100, 0)).toEqual(byUser)
      expect([...(await page(3, 0)), ...(await page(3, 3))]).toEqual(byUser)
      expect(await page(3, 4)).toEqual([])
      expect(await page(100, 0, users[2]!.id)).toEqual(
        written.filter((s) => s.userId === users[2]!.id),
      )
      expect(await page(100, 0, 'nobody')).toEqual([])
    })

    it('lists every score of a context`s line items, and none of another context', async () => {
      const fresh = await openTestDatabase(dialect)
      closers.push(fresh.close)
      const own = createPlatformStores(fresh.db, { clock: { now: () => NOW } })
      const context = await own.contexts.createContext({
        title: 'G',
        gradingScale: { type: 'points' },
      })
      const elsewhere = await own.contexts.createContext({
        title: 'E',
        gradingScale: { type: 'points' },
      })
      const tool = await own.tools.createTool(
        newToolInput({ redirectUris: [], privacy: { sendName: false, sendEmail: false } }),
      )
      const user = (await own.users.createUser({
        email: 'g@example.edu',
        name: 'G',
        passwordHash: 'h',
      }))!
      const item = (contextId: string) =>
        own.lineItems.createLineItem({ contextId, toolId: tool.id, label: 'I', scoreMaximum: 5 })
      const [a, b, c] = [await item(context.id), await item(context.id), await item(elsewhere.id)]
      const put = async (lineItemId: string) => {
        const record = score({ lineItemId, userId: user.id })
        await own.scores.putScore(record)
        return record
      }
      const scores = [await put(a.id), await put(b.id)]
      await put(c.id)
      const gradebook = await own.scores.listContextScores(context.id)
      expect(gradebook).toHaveLength(2)
      expect(gradebook).toEqual(expect.arrayContaining(scores))
      expect(await own.scores.listContextScores('no-such-context')).toEqual([])
    })

    it('never keeps the older of two scores written at once by two instances', async () => {
      // A second instance: another pool or file handle on the same database.
      const second = openDatabase(database.url)
      closers.push(second.close)
      const instances = [stores, createPlatformStores(second.db, { clock: { now: () => NOW } })]
      for (let round = 0; round < 20; round++) {
        const item = await newLineItem()
        const older = score({ lineItemId: item.id, timestampMicros: T0 + round, scoreGiven: 1 })
        const newer = score({ lineItemId: item.id, timestampMicros: T0 + round + 1, scoreGiven: 2 })
        // Alternate which instance writes which, and which write is sent first.
        const [a, b] = round % 2 === 0 ? instances : [...instances].reverse()
        const writes =
          round % 4 < 2
            ? [a!.scores.putScore(older), b!.scores.putScore(newer)]
            : [b!.scores.putScore(newer), a!.scores.putScore(older)]
        const outcomes = await Promise.all(writes)
        const [olderOutcome, newerOutcome] = round % 4 < 2 ? outcomes : [...outcomes].reverse()
        expect(newerOutcome).toBe('stored')
        expect(['stored', 'stale']).toContain(olderOutcome)
        expect(await stores.scores.findScore(item.id, users[0]!.id)).toEqual(newer)
      }
    })

    it('stores exactly one of many equally old scores written at once by two instances', async () => {
      const second = openDatabase(database.url)
      closers.push(second.close)
      const instances = [stores, createPlatformStores(second.db, { clock: { now: () => NOW } })]
      const item = await newLineItem()
      // Many users' first scores race too: an insert that meets a concurrent insert must not fail.
      const writes = users.flatMap((user) =>
        [1, 2, 3, 4].map((scoreGiven) =>
          instances[scoreGiven % 2]!.scores.putScore(
            score({ lineItemId: item.id, userId: user.id, scoreGiven }),
          ),
        ),
      )
      const outcomes = await Promise.all(writes)
      for (let u = 0; u < users.length; u++) {
        const mine = outcomes.slice(u * 4, u * 4 + 4)
        expect(mine.filter((outcome) => outcome === 'stored')).toHaveLength(1)
        const kept = await stores.scores.findScore(item.id, users[u]!.id)
        expect(kept?.scoreGiven).toBe(1 + mine.indexOf('stored'))
      }
    })
  })
}
