import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countQueries, DIALECTS, openTestDatabase } from '../../test/support/databases.js'
import type { TestDatabase } from '../../test/support/databases.js'
import { sql } from 'kysely'
import type { ProvisionMemberInput } from '../tool/ports.js'
import { openDatabase } from './database.js'
import { memberRepository } from './member-repository.js'
import type { MemberRepository } from './member-repository.js'

const NOW = 1_790_000_000_000
const ISSUER = 'https://canvas.example.edu'
const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'
const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    let members: MemberRepository
    let workspace = 0
    // Each test provisions into its own workspace, so lists stay predictable.
    const launch = (overrides: Partial<ProvisionMemberInput> = {}): ProvisionMemberInput => ({
      workspaceId: `ws-${workspace}`,
      issuer: ISSUER,
      sub: 'sub-1',
      lmsRoles: [LEARNER],
      at: NOW,
      ...overrides,
    })
    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      members = memberRepository(database.db)
    })
    afterAll(() => database?.close())
    const nextWorkspace = () => (workspace += 1)

    it('provisions a new member with role Member and its identity', async () => {
      nextWorkspace()
      const counter = countQueries(database.db)
      const member = await memberRepository(counter.db).provisionMember(
        launch({ name: 'Ada Lovelace', email: 'ada@example.edu' }),
      )
      expect(member).toEqual({
        id: expect.any(String),
        workspaceId: `ws-${workspace}`,
        name: 'Ada Lovelace',
        email: 'ada@example.edu',
        role: 'Member',
        identities: [{ issuer: ISSUER, sub: 'sub-1' }],
        lmsRoles: [LEARNER],
        createdAt: NOW,
        updatedAt: NOW,
      })
      // PostgreSQL reads or inserts in one statement; SQLite reads, then inserts member and
      // identity in one transaction (BEGIN and COMMIT are not counted).
      expect(counter.count()).toBe(dialect === 'postgres' ? 1 : 3)
      expect(await members.list(`ws-${workspace}`)).toEqual([member])
    })

    it('omits name and email the platform did not send', async () => {
      nextWorkspace()
      const member = await members.provisionMember(launch())
      expect(member).not.toHaveProperty('name')
      expect(member).not.toHaveProperty('email')
      expect(await members.findById(`ws-${workspace}`, member.id)).toEqual(member)
    })

    it('finds an unchanged member in one query and leaves updatedAt alone', async () => {
      nextWorkspace()
      const first = await members.provisionMember(launch({ name: 'Ada' }))
      const counter = countQueries(database.db)
      const again = await memberRepository(counter.db).provisionMember(launch({ at: NOW + 5 }))
      expect(again).toEqual(first)
      expect(counter.count()).toBe(1)
    })

    it('updates roles and only the name or email that were sent, in two queries', async () => {
      nextWorkspace()
      const first = await members.provisionMember(launch({ name: 'Ada', email: 'ada@example.edu' }))
      const counter = countQueries(database.db)
      const renamed = await memberRepository(counter.db).provisionMember(
        launch({ name: 'Ada King', lmsRoles: [INSTRUCTOR, LEARNER], at: NOW + 10 }),
      )
      expect(counter.count()).toBe(2)
      const expected = {
        ...first,
        name: 'Ada King',
        lmsRoles: [INSTRUCTOR, LEARNER],
        updatedAt: NOW + 10,
      }
      expect(renamed).toEqual(expected)
      expect(await members.findById(`ws-${workspace}`, first.id)).toEqual(expected)

      await members.provisionMember(
        launch({ email: 'ada.king@example.edu', lmsRoles: [INSTRUCTOR, LEARNER], at: NOW + 20 }),
      )
      expect(await members.findById(`ws-${workspace}`, first.id)).toEqual({
        ...expected,
        email: 'ada.king@example.edu',
        updatedAt: NOW + 20,
      })
    })

    it('keeps members apart by workspace, issuer and sub', async () => {
      nextWorkspace()
      const ws = `ws-${workspace}`
      const a = await members.provisionMember(launch())
      const b = await members.provisionMember(launch({ sub: 'sub-2', at: NOW + 1 }))
      const c = await members.provisionMember(
        launch({ issuer: 'https://moodle.example.org', at: NOW + 2 }),
      )
      const d = await members.provisionMember(launch({ workspaceId: 'ws-elsewhere' }))
      expect(new Set([a.id, b.id, c.id, d.id]).size).toBe(4)
      expect((await members.list(ws)).map((m) => m.id)).toEqual([a.id, b.id, c.id])
      expect(await members.findById(ws, d.id)).toBeUndefined()
      expect(await members.findById(ws, 'missing')).toBeUndefined()
    })

    it('lists a member with several identities once, identities sorted', async () => {
      nextWorkspace()
      const ws = `ws-${workspace}`
      const member = await members.provisionMember(launch({ sub: 'z-sub' }))
      // Identities are linked by the admin API; here straight into the table.
      await database.db
        .insertInto('member_identities')
        .values({ workspace_id: ws, issuer: ISSUER, sub: 'a-sub', member_id: member.id })
        .execute()
      const other = await members.provisionMember(launch({ sub: 'other', at: NOW + 1 }))
      const listed = await members.list(ws)
      expect(listed.map((m) => [m.id, m.identities.map((i) => i.sub)])).toEqual([
        [member.id, ['a-sub', 'z-sub']],
        [other.id, ['other']],
      ])
      // A launch as either identity provisions the same member, with all its identities.
      expect(await members.provisionMember(launch({ sub: 'a-sub' }))).toEqual(listed[0])
    })

    it('creates one member when the same first launch races on two instances', async () => {
      nextWorkspace()
      const second = openDatabase(database.url)
      try {
        // Two SQLite handles in one thread would wait on each other's write lock (busy_timeout
        // blocks the thread), so on SQLite the launches race on one handle; across processes
        // SQLite serialises the write-first transaction.
        const instances =
          dialect === 'postgres' ? [members, memberRepository(second.db)] : [members, members]
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            instances[i % 2]!.provisionMember(launch({ sub: 'racer', name: `Racer ${i}` })),
          ),
        )
        expect(new Set(results.map((m) => m.id)).size).toBe(1)
        const listed = await members.list(`ws-${workspace}`)
        expect(listed).toHaveLength(1)
        expect(listed[0]!.identities).toEqual([{ issuer: ISSUER, sub: 'racer' }])
        const rows = await database.db
          .selectFrom('members')
          .select('id')
          .where('workspace_id', '=', `ws-${workspace}`)
          .execute()
        expect(rows).toHaveLength(1)
      } finally {
        await second.close()
      }
    })

    it.runIf(dialect === 'postgres')(
      'reads the winner, leaving no orphan member, when a first launch loses the race',
      async () => {
        nextWorkspace()
        const ws = `ws-${workspace}`
        const other = openDatabase(database.url)
        let commit!: () => void
        const committing = new Promise<void>((resolve) => (commit = resolve))
        let inserted!: (pid: number) => void
        const insertedWinner = new Promise<number>((resolve) => (inserted = resolve))
        try {
          // The winner: another instance's first launch, its identity inserted but not committed.
          const winner = other.db.transaction().execute(async (trx) => {
            const row = {
              id: 'winner',
              workspace_id: ws,
              role: 'Member' as const,
              lms_roles: JSON.stringify([LEARNER]),
              created_at: NOW,
              updated_at: NOW,
            }
            await trx.insertInto('members').values(row).execute()
            await trx
              .insertInto('member_identities')
              .values({ workspace_id: ws, issuer: ISSUER, sub: 'sub-1', member_id: 'winner' })
              .execute()
            const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)
            inserted(rows[0]!.pid)
            await committing
          })
          const winnerPid = await insertedWinner
          const counter = countQueries(database.db)
          const loser = memberRepository(counter.db).provisionMember(launch())
          // Commit only once the loser's identity insert waits on the winner's.
          await waitUntilBlockedBy(database, winnerPid)
          commit()
          await winner
          expect(await loser).toMatchObject({ id: 'winner', identities: [{ issuer: ISSUER }] })
          // The read-or-insert that found nothing to read and lost the insert, then the re-read.
          expect(counter.count()).toBe(2)
          const rows = await database.db
            .selectFrom('members')
            .select('id')
            .where('workspace_id', '=', ws)
            .execute()
          expect(rows).toEqual([{ id: 'winner' }])
        } finally {
          commit()
          await other.close()
        }
      },
    )
  })
}

/** Polls until a PostgreSQL backend waits on `pid`'s locks. No sleeps: each poll is a query. */
async function waitUntilBlockedBy({ db }: TestDatabase, pid: number): Promise<void> {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const { rows } = await sql<{ waiting: number }>`
      select count(*)::int as waiting from pg_stat_activity
      where ${pid}::int = any(pg_blocking_pids(pid))
    `.execute(db)
    if (rows[0]!.waiting > 0) return
  }
  throw new Error(`no backend waited on ${pid}`)
}
