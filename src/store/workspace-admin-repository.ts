import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type { MemberRecord } from './member-repository.js'
import type { Database, MembersTable } from './schema.js'

/** A new workspace admin; the caller hashes the password (`platform/password`). */
export interface WorkspaceAdminInput {
  readonly email: string
  readonly name: string
  readonly passwordHash: string
  readonly at: number
}

/** An admin's account as sign-in needs it: the member and its password hash. */
export interface WorkspaceAdminAccount {
  readonly member: MemberRecord
  readonly passwordHash: string
}

export interface WorkspaceAdminRepository {
  /**
   * Creates a member with role `Admin` and a password: an account of the workspace's admin pages.
   * The email is stored lower-cased, as sign-in compares it.
   * @returns `'duplicate'` when the workspace has an account with this email already.
   */
  createAdmin(workspaceId: string, input: WorkspaceAdminInput): Promise<MemberRecord | 'duplicate'>
  /**
   * The admin accounts of this email in every workspace, oldest first: sign-in knows the email
   * before the workspace. Members with a password but another role are no accounts.
   */
  findAdminAccounts(email: string): Promise<WorkspaceAdminAccount[]>
}

/** More accounts per email than this are never considered at sign-in. */
const MAX_ACCOUNTS_PER_EMAIL = 20

/** Workspace admins: rows of `members` with a `password_hash` (migration `…-workspace-admins`). */
export function workspaceAdminRepository(db: Kysely<Database>): WorkspaceAdminRepository {
  return {
    async createAdmin(workspaceId, input) {
      const row = {
        id: randomUUID(),
        workspace_id: workspaceId,
        name: input.name,
        email: normaliseEmail(input.email),
        role: 'Admin' as const,
        lms_roles: '[]',
        created_at: input.at,
        updated_at: input.at,
        password_hash: input.passwordHash,
      }
      // The partial unique index (email, workspace_id) of accounts decides concurrent creations.
      const inserted = await db
        .insertInto('members')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst()
      return inserted ? toMember(row) : 'duplicate'
    },

    async findAdminAccounts(email) {
      const rows = await db
        .selectFrom('members')
        .selectAll()
        .where('email', '=', normaliseEmail(email))
        .where('password_hash', 'is not', null)
        .where('role', '=', 'Admin')
        .orderBy('created_at')
        .orderBy('id')
        .limit(MAX_ACCOUNTS_PER_EMAIL)
        .execute()
      return rows.map((row) => ({ member: toMember(row), passwordHash: row.password_hash ?? '' }))
    },
  }
}

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

function toMember(row: Selectable<MembersTable>): MemberRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    ...(row.name !== null && { name: row.name }),
    ...(row.email !== null && { email: row.email }),
    role: row.role,
    identities: [],
    lmsRoles: [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
