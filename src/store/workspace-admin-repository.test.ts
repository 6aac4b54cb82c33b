import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS, openTestDatabase } from '../../test/support/databases.js'
import type { TestDatabase } from '../../test/support/databases.js'
import { memberRepository } from './member-repository.js'
import type { MemberRepository } from './member-repository.js'
import { workspaceAdminRepository } from './workspace-admin-repository.js'
import type { WorkspaceAdminRepository } from './workspace-admin-repository.js'

const NOW = 1_790_000_000_000
const HASH = 'scrypt$14$8$5$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA'

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    let admins: WorkspaceAdminRepository
    let members: MemberRepository
    let counter = 0
    // Each test works in workspaces of its own, so lookups across workspaces stay predictable.
    const workspace = () => `ws-admins-${++counter}`
    const input = (
      overrides: Partial<Parameters<WorkspaceAdminRepository['createAdmin']>[1]> = {},
    ) => ({
      email: `admin-${counter}@example.edu`,
      name: 'Grace Hopper',
      passwordHash: HASH,
      at: NOW,
      ...overrides,
    })
    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      admins = workspaceAdminRepository(database.db)
      members = memberRepository(database.db)
    })
    afterAll(() => database?.close())

    it('creates a member with role Admin, its email lower-cased, the hash kept out of reads', async () => {
      const ws = workspace()
      const created = await admins.createAdmin(ws, input({ email: '  Grace@Example.EDU ' }))
      expect(created).toEqual({
        id: expect.any(String),
        workspaceId: ws,
        name: 'Grace Hopper',
        email: 'grace@example.edu',
        role: 'Admin',
        identities: [],
        lmsRoles: [],
        createdAt: NOW,
        updatedAt: NOW,
      })
      if (created === 'duplicate') throw new Error('unexpected duplicate')
      expect(await members.findById(ws, created.id)).toEqual(created)
      expect(await members.list(ws)).toEqual([created])
      expect(JSON.stringify(await members.list(ws))).not.toContain('scrypt')
      expect(await admins.findAdminAccounts('GRACE@example.edu')).toEqual([
        { member: created, passwordHash: HASH },
      ])
    })

    it('refuses a second account with the same email in a workspace, in any case', async () => {
      const ws = workspace()
      expect(await admins.createAdmin(ws, input({ email: 'ada@example.edu' }))).not.toBe(
        'duplicate',
      )
      expect(await admins.createAdmin(ws, input({ email: 'Ada@Example.edu', name: 'Other' }))).toBe(
        'duplicate',
      )
      expect(await members.list(ws)).toHaveLength(1)
    })

    it('creates one account when the same admin is created concurrently', async () => {
      const ws = workspace()
      const results = await Promise.all(
        Array.from({ length: 6 }, () => admins.createAdmin(ws, input())),
      )
      expect(results.filter((r) => r !== 'duplicate')).toHaveLength(1)
      expect(await members.list(ws)).toHaveLength(1)
    })

    it('finds the accounts of an email across workspaces, oldest first, and only accounts', async () => {
      const [first, second, learners] = [workspace(), workspace(), workspace()]
      const email = `linus-${counter}@example.edu`
      const b = await admins.createAdmin(second, input({ email, at: NOW + 10 }))
      const a = await admins.createAdmin(first, input({ email, at: NOW }))
      // A launch-provisioned member with the same email has no password: no account.
      await members.provisionMember({
        workspaceId: learners,
        issuer: 'https://lms.example.edu',
        sub: 'learner-1',
        email,
        lmsRoles: [],
        at: NOW,
      })
      const found = await admins.findAdminAccounts(email)
      expect(found.map((account) => account.member)).toEqual([a, b])
      expect(await admins.findAdminAccounts('nobody@example.edu')).toEqual([])

      // An account demoted to Member signs in no more.
      await database.db
        .updateTable('members')
        .set({ role: 'Member' })
        .where('workspace_id', '=', first)
        .execute()
      expect((await admins.findAdminAccounts(email)).map((account) => account.member)).toEqual([b])
    })

    it('leaves launch-provisioned members without a password', async () => {
      const ws = workspace()
      const member = await members.provisionMember({
        workspaceId: ws,
        issuer: 'https://lms.example.edu',
        sub: 'learner-2',
        email: 'same@example.edu',
        lmsRoles: [],
        at: NOW,
      })
      const row = await database.db
        .selectFrom('members')
        .select('password_hash')
        .where('id', '=', member.id)
        .executeTakeFirstOrThrow()
      expect(row.password_hash).toBeNull()
      // The learner's email does not block an admin account with it.
      expect(await admins.createAdmin(ws, input({ email: 'same@example.edu' }))).not.toBe(
        'duplicate',
      )
    })
  })
}
