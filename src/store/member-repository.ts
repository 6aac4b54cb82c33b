import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { Kysely, Selectable } from 'kysely'
import type { Member, ProvisionMemberInput } from '../tool/ports.js'
import { storeDialectOf } from './dialect/store-dialect.js'
import type { StoreDialect } from './dialect/store-dialect.js'
import { present } from './present.js'
import type { Database, MembersTable } from './schema.js'

type MemberIdentity = Member['identities'][number]

/** A workspace member as stored; launches provision one per (issuer, sub). */
export interface MemberRecord extends Member {
  /** The LMS role URIs of the latest launch. */
  readonly lmsRoles: readonly string[]
  readonly createdAt: number
  readonly updatedAt: number
}

export interface MemberRepository {
  /**
   * Finds or creates the member behind a launch's (issuer, sub), and brings name, email and LMS
   * roles up to date. An unchanged member costs one statement and a changed one two. A first
   * launch costs one statement on PostgreSQL (read-or-insert) and a read plus a transaction on
   * SQLite. Of concurrent first launches one inserts; the others insert nothing and re-read.
   * @see https://www.imsglobal.org/spec/lti/v1p3/#user-identity-claims
   */
  provisionMember(input: ProvisionMemberInput): Promise<MemberRecord>
  list(workspaceId: string): Promise<MemberRecord[]>
  findById(workspaceId: string, id: string): Promise<MemberRecord | undefined>
  /** The ID of the member behind (issuer, sub) in the workspace, if any. */
  findIdByIdentity(workspaceId: string, issuer: string, sub: string): Promise<string | undefined>
  /**
   * Gives an existing member of the workspace one more (issuer, sub) identity, as when a learner
   * known from LTI 1.1 first launches over LTI 1.3.
   * @returns `false` when the identity belongs to a member already (it is not moved) or the
   *   member is not in the workspace; the identity's primary key decides concurrent links
   */
  linkIdentity(workspaceId: string, memberId: string, issuer: string, sub: string): Promise<boolean>
}

/**
 * Members and their (issuer, sub) identities, provisioned by launches. `dialect` defaults to the
 * one `db` speaks.
 */
export function memberRepository(
  db: Kysely<Database>,
  dialect: StoreDialect = storeDialectOf(db),
): MemberRepository {
  const refresh = async (
    member: MemberRecord,
    input: ProvisionMemberInput,
  ): Promise<MemberRecord> => {
    const changes = {
      ...(input.name !== undefined && input.name !== member.name && { name: input.name }),
      ...(input.email !== undefined && input.email !== member.email && { email: input.email }),
      ...(!sameRoles(input.lmsRoles, member.lmsRoles) && {
        lms_roles: JSON.stringify(input.lmsRoles),
      }),
    }
    if (Object.keys(changes).length === 0) return member
    // Only the columns that changed: a concurrent launch's other fields survive.
    await db
      .updateTable('members')
      .set({ ...changes, updated_at: input.at })
      .where('id', '=', member.id)
      .execute()
    return {
      ...member,
      ...(input.name !== undefined && { name: input.name }),
      ...(input.email !== undefined && { email: input.email }),
      lmsRoles: [...input.lmsRoles],
      updatedAt: input.at,
    }
  }

  const selectMembers = (workspaceId: string) =>
    db
      .selectFrom('members as m')
      .leftJoin('member_identities as i', 'i.member_id', 'm.id')
      .selectAll('m')
      .select(['i.issuer', 'i.sub'])
      .where('m.workspace_id', '=', workspaceId)
      .orderBy('m.created_at')
      .orderBy('m.id')

  return {
    async provisionMember(input) {
      const row = {
        id: randomUUID(),
        workspace_id: input.workspaceId,
        name: input.name ?? null,
        email: input.email ?? null,
        role: 'Member' as const,
        lms_roles: JSON.stringify(input.lmsRoles),
        created_at: input.at,
        updated_at: input.at,
        password_hash: null,
      }
      // A second attempt follows a lost first-launch race and finds the winner.
      for (let attempt = 0; attempt < 2; attempt++) {
        const member = fold(await dialect.findOrInsertMember(db, input, row))[0]
        if (member) return refresh(member, input)
      }
      throw new Error('member identity vanished while provisioning')
    },

    async list(workspaceId) {
      return fold(await selectMembers(workspaceId).execute())
    },

    async findById(workspaceId, id) {
      return fold(await selectMembers(workspaceId).where('m.id', '=', id).execute())[0]
    },

    async findIdByIdentity(workspaceId, issuer, sub) {
      const row = await db
        .selectFrom('member_identities')
        .select('member_id')
        .where('workspace_id', '=', workspaceId)
        .where('issuer', '=', issuer)
        .where('sub', '=', sub)
        .executeTakeFirst()
      return row?.member_id
    },

    async linkIdentity(workspaceId, memberId, issuer, sub) {
      // One statement: the member must be in the workspace, and of concurrent links one inserts.
      const linked = await db
        .insertInto('member_identities')
        .columns(['workspace_id', 'issuer', 'sub', 'member_id'])
        .expression((eb) =>
          eb
            .selectFrom('members')
            .select([
              sql<string>`cast(${workspaceId} as text)`.as('workspace_id'),
              sql<string>`cast(${issuer} as text)`.as('issuer'),
              sql<string>`cast(${sub} as text)`.as('sub'),
              'id',
            ])
            .where('id', '=', memberId)
            .where('workspace_id', '=', workspaceId),
        )
        .onConflict((oc) => oc.doNothing())
        .returning('member_id')
        .executeTakeFirst()
      return linked !== undefined
    },
  }
}

type JoinedRow = Selectable<MembersTable> & { issuer: string | null; sub: string | null }

function fold(rows: readonly JoinedRow[]): MemberRecord[] {
  const byId = new Map<string, { row: JoinedRow; identities: MemberIdentity[] }>()
  for (const row of rows) {
    let entry = byId.get(row.id)
    if (!entry) byId.set(row.id, (entry = { row, identities: [] }))
    if (row.issuer !== null && row.sub !== null) {
      entry.identities.push({ issuer: row.issuer, sub: row.sub })
    }
  }
  return [...byId.values()].map(({ row, identities }) =>
    toMember(row, identities.sort(compareIdentities)),
  )
}

function toMember(
  row: Selectable<MembersTable>,
  identities: readonly MemberIdentity[],
): MemberRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    ...present('name', row.name),
    ...present('email', row.email),
    role: row.role,
    identities,
    lmsRoles: JSON.parse(row.lms_roles) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((role, i) => role === b[i])
}

function compareIdentities(a: MemberIdentity, b: MemberIdentity): number {
  return a.issuer === b.issuer ? cmp(a.sub, b.sub) : cmp(a.issuer, b.issuer)
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
