/**
 * Grouped score upserts: concurrent scores share statements, a lone one goes at once, each row
 * keeps its own outcome, and a failing row fails alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS, countQueries, openTestDatabase } from '../../../test/support/databases.js'
import type { TestDatabase } from '../../../test/support/databases.js'
import { newToolInput } from '../../../test/support/new-tool-input.js'
import type { PlatformStores, ScoreWriteOutcome, User } from '../../platform/ports.js'
import { createPlatformStores } from './create-platform-stores.js'
import { createScoreWriter } from './score-writer.js'
import type { ScoreRow, ScoreWriterOptions } from './score-writer.js'

const NOW = 1_790_000_000_000
const T0 = NOW * 1000

for (const dialect of DIALECTS) {
  describe(`score writer (${dialect})`, () => {
    let database: TestDatabase
    let stores: PlatformStores
    let contextId = ''
    let toolId = ''
    let users: User[] = []

    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      stores = createPlatformStores(database.db, { clock: { now: () => NOW }, cacheTtlMs: 0 })
      contextId = (
        await stores.contexts.createContext({ title: 'C', gradingScale: { type: 'points' } })
      ).id
      toolId = (await stores.tools.createTool(newToolInput())).id
      users = []
      for (let i = 0; i < 12; i++) {
        const user = await stores.users.createUser({
          email: `w${i}@example.edu`,
          name: `W${i}`,
          passwordHash: 'h',
        })
        users.push(user as User)
      }
    })
    afterAll(() => database?.close())

    const newLineItem = async () =>
      (await stores.lineItems.createLineItem({ contextId, toolId, label: 'Q', scoreMaximum: 10 }))
        .id
    const row = (lineItemId: string, user: User, micros: number, scoreGiven = 5): ScoreRow => ({
      line_item_id: lineItemId,
      user_id: user.id,
      score_given: scoreGiven,
      score_maximum: 10,
      comment: null,
      activity_progress: 'Completed',
      grading_progress: 'FullyGraded',
      timestamp: new Date(micros / 1000).toISOString(),
      timestamp_micros: micros,
      submission: null,
      received_at: NOW,
    })
    const writer = (options: ScoreWriterOptions = {}) => {
      const counted = countQueries(database.db)
      return { write: createScoreWriter(counted.db, options), statements: counted.count }
    }
    const given = async (lineItemId: string, user: User) =>
      (await stores.scores.findScore(lineItemId, user.id))?.scoreGiven

    it('writes a lone score at once, in one statement', async () => {
      const item = await newLineItem()
      const { write, statements } = writer()
      expect(await write(row(item, users[0]!, T0))).toBe('stored')
      expect(statements()).toBe(1)
      expect(await given(item, users[0]!)).toBe(5)
    })

    it('shares statements among scores written at once', async () => {
      const item = await newLineItem()
      const { write, statements } = writer({ maxStatements: 2 })
      const outcomes = await Promise.all(users.map((user, i) => write(row(item, user, T0, i))))
      expect(outcomes).toEqual(users.map(() => 'stored'))
      // Two go at once; the ten that wait meanwhile share the next statement.
      expect(statements()).toBe(3)
      for (const [i, user] of users.entries()) expect(await given(item, user)).toBe(i)
    })

    it('keeps each row`s outcome in a shared statement: stored, stale, new', async () => {
      const item = await newLineItem()
      const [a, b, c, d] = users as [User, User, User, User]
      await Promise.all([write1(item, a, T0 + 10, 1), write1(item, b, T0 + 10, 1)])
      const { write, statements } = writer({ maxStatements: 1 })
      const outcomes = await Promise.all([
        write(row(item, d, T0, 9)), // goes alone; the rest wait for it
        write(row(item, a, T0 + 11, 2)), // newer: replaces
        write(row(item, b, T0 + 10, 2)), // as old: stale
        write(row(item, c, T0 + 1, 2)), // first score of c
      ])
      expect(outcomes).toEqual(['stored', 'stored', 'stale', 'stored'])
      expect(statements()).toBe(2)
      expect([await given(item, a), await given(item, b), await given(item, c)]).toEqual([2, 1, 2])
    })

    it('never puts two scores of one user in a statement, and keeps the newest', async () => {
      const item = await newLineItem()
      const user = users[0]!
      const { write, statements } = writer({ maxStatements: 1 })
      const outcomes = await Promise.all([
        write(row(item, users[1]!, T0)),
        write(row(item, user, T0 + 1, 1)),
        write(row(item, user, T0 + 3, 3)),
        write(row(item, user, T0 + 2, 2)),
      ])
      expect(outcomes).toEqual(['stored', 'stored', 'stored', 'stale'])
      expect(statements()).toBe(4)
      expect(await given(item, user)).toBe(3)
    })

    it('answers gone for a deleted line item, and still writes the rest of its statement', async () => {
      const item = await newLineItem()
      const doomed = await newLineItem()
      await stores.lineItems.deleteLineItem(doomed)
      const { write } = writer({ maxStatements: 1 })
      const outcomes = await Promise.all([
        write(row(item, users[0]!, T0)),
        write(row(item, users[1]!, T0)),
        write(row(doomed, users[2]!, T0)),
        write(row(item, users[3]!, T0)),
      ])
      expect(outcomes).toEqual<ScoreWriteOutcome[]>(['stored', 'stored', 'gone', 'stored'])
      expect(await given(item, users[3]!)).toBe(5)
    })

    it('fails only the row that cannot be written', async () => {
      const item = await newLineItem()
      const { write } = writer({ maxStatements: 1 })
      const broken = { ...row(item, users[1]!, T0), activity_progress: null } as unknown as ScoreRow
      const results = await Promise.allSettled([
        write(row(item, users[0]!, T0)),
        write(broken),
        write(row(item, users[2]!, T0)),
      ])
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
      expect(await given(item, users[2]!)).toBe(5)
    })

    const write1 = (item: string, user: User, micros: number, scoreGiven: number) =>
      createScoreWriter(database.db)(row(item, user, micros, scoreGiven))
  })
}
