/**
 * The LTI 1.1 migration drops two foreign keys; on SQLite it rebuilds links, line items and
 * scores to do so. Rows written before it must come through whole, and every other constraint
 * must still hold after it.
 */
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { DIALECTS, openTestDatabase } from '../../../test/support/databases.js'
import type { TestDatabase } from '../../../test/support/databases.js'
import { createMigrator, migrateToLatest } from '../migrate.js'

const BEFORE = '2026-11-23T0400-tool-status'

const cleanUps: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanUp of cleanUps.splice(0)) await cleanUp()
})

const ROWS = {
  platform_contexts: [
    { id: 'ctx', title: 'C', label: null, grading_scale: '{"type":"points"}', created_at: 1 },
  ],
  platform_users: [
    {
      id: 'u1',
      email: 'u1@example.edu',
      name: 'U',
      given_name: null,
      family_name: null,
      password_hash: 'x',
      created_at: 1,
    },
  ],
  platform_tools: [
    {
      id: 't13',
      name: 'T',
      client_id: 'c',
      deployment_id: 'd',
      oidc_login_url: 'https://tool.example/login',
      redirect_uris: '[]',
      target_link_uri: 'https://tool.example/launch',
      jwks_url: 'https://tool.example/jwks',
      deep_linking_url: null,
      custom_parameters: '{}',
      privacy: '{}',
      services: '{}',
      status: 'active',
      created_at: 1,
    },
  ],
  platform_resource_links: [
    {
      id: 'l1',
      context_id: 'ctx',
      tool_id: 't13',
      resource_link_id: 'rl1',
      title: 'Quiz',
      text: 'Ten questions',
      url: null,
      custom_parameters: '{"a":"b"}',
      line_item_id: 'li1',
      created_at: 2,
    },
  ],
  platform_line_items: [
    {
      id: 'li1',
      context_id: 'ctx',
      tool_id: 't13',
      link_id: 'l1',
      label: 'Quiz',
      score_maximum: 10,
      resource_id: 'r',
      tag: null,
      start_date_time: null,
      end_date_time: null,
      grades_released: 1,
      submission_review: null,
      created_at: 3,
    },
  ],
  platform_scores: [
    {
      line_item_id: 'li1',
      user_id: 'u1',
      score_given: 8.5,
      score_maximum: 10,
      comment: 'Good',
      activity_progress: 'Completed',
      grading_progress: 'FullyGraded',
      timestamp: '2026-11-23T12:00:00.000Z',
      timestamp_micros: 1_795_000_000_000_000,
      submission: null,
      received_at: 4,
    },
  ],
} as const

async function atBefore(dialect: TestDatabase['dialect']): Promise<TestDatabase> {
  const database = await openTestDatabase(dialect, { migrate: false })
  cleanUps.push(database.close)
  const migrator = await createMigrator(database)
  const { error } = await migrator.migrateTo(BEFORE)
  expect(error).toBeUndefined()
  return database
}

const rows = (database: TestDatabase, table: keyof typeof ROWS) =>
  sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(database.db)

const fails = (run: () => Promise<unknown>) =>
  run().then(
    () => false,
    () => true,
  )

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    it('keeps every link, line item and score written before it', async () => {
      const database = await atBefore(dialect)
      for (const [table, values] of Object.entries(ROWS)) {
        await database.db
          .insertInto(table as keyof typeof ROWS)
          .values(values as never)
          .execute()
      }
      await migrateToLatest(database)
      for (const table of Object.keys(ROWS) as (keyof typeof ROWS)[]) {
        const { rows: found } = await rows(database, table)
        // Columns added by other migrations come with their defaults; compare those written.
        const columns = Object.keys(ROWS[table][0])
        const written = found.map((row) => Object.fromEntries(columns.map((c) => [c, row[c]])))
        expect(written).toEqual(ROWS[table])
      }
    })

    it('lets links and line items name a 1.1 tool and keeps the other constraints', async () => {
      const database = await atBefore(dialect)
      await migrateToLatest(database)
      const { db } = database
      for (const table of ['platform_contexts', 'platform_users', 'platform_tools'] as const) {
        await db
          .insertInto(table)
          .values(ROWS[table] as never)
          .execute()
      }
      const link = { ...ROWS.platform_resource_links[0], tool_id: 'a-1.1-tool' }
      const lineItem = { ...ROWS.platform_line_items[0], tool_id: 'a-1.1-tool' }
      // Typed loosely: later migrations add columns with defaults that the types require.
      await db
        .insertInto('platform_resource_links')
        .values(link as never)
        .execute()
      await db
        .insertInto('platform_line_items')
        .values(lineItem as never)
        .execute()
      await db
        .insertInto('platform_scores')
        .values(ROWS.platform_scores as never)
        .execute()
      // The context, link and user keys still hold, and the unique resource link ID.
      const insertLink = (values: Record<string, unknown>) => () =>
        db
          .insertInto('platform_resource_links')
          .values({ ...link, ...values } as never)
          .execute()
      expect(await fails(insertLink({ id: 'l2', resource_link_id: 'rl2', context_id: 'x' }))).toBe(
        true,
      )
      expect(await fails(insertLink({ id: 'l3' }))).toBe(true)
      expect(
        await fails(() =>
          db
            .insertInto('platform_line_items')
            .values({ ...lineItem, id: 'li2', link_id: 'nowhere' } as never)
            .execute(),
        ),
      ).toBe(true)
      expect(
        await fails(() =>
          db
            .insertInto('platform_scores')
            .values({ ...ROWS.platform_scores[0], user_id: 'nobody' } as never)
            .execute(),
        ),
      ).toBe(true)
      // Deleting a line item still takes its scores with it.
      await db.deleteFrom('platform_line_items').where('id', '=', 'li1').execute()
      expect((await rows(database, 'platform_scores')).rows).toEqual([])
    })
  })
}
