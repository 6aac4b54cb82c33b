import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import { present } from './present.js'
import type { Database, MembersTable } from './schema.js'

export interface MemberIdentity {
  readonly issuer: string
  readonly sub: string
}

/** A workspace member; launches provision one per (issuer, sub). */
export interface Member {
  readonly id: string
  readonly workspaceId: string
  readonly name?: string
  readonly email?: string
  readonly role: 'Member' | 'Admin'
  readonly identities: readonly MemberIdentity[]
  /** The LMS role URIs of the latest launch. */
  readonly lmsRoles: readonly string[]
  readonly createdAt: number
  readonly updatedAt: number
}

/** What one launch tells us about the learner (Core 1.3 §5.3.6, §5.3.7). */
export interface ProvisionMemberInput {
  readonly workspaceId: string
  readonly issuer: string
  readonly sub: string
  /** Absent means "keep what we have". */
  readonly name?: string
  readonly email?: string
  readonly lmsRoles: readonly string[]
  readonly at: number
}

export interface MemberRepository {
  /**
   * Finds or creates the member behind a launch's (issuer, sub). One query when the member
   * exists and nothing changed, two when it changed; a first launch inserts member and identity
   * in one transaction, and of concurrent first launches one inserts and the others re-read.
   * @see https://www.imsglobal.org/spec/lti/v1p3/#user-identity-claims
   */
  provisionMember(input: ProvisionMemberInput): Promise<Member>
  list(workspaceId: string): Promise<Member[]>
  findById(workspaceId: string, id: string): Promise<Member | undefined>
}

class LostFirstLaunchRace extends Error {}

/** Members and their (issuer, sub) identities, provisioned by launches. */
export function memberRepository(db: Kysely<Database>): MemberRepository {
  // The member behind one identity, with all of that member's identities: one row per identity.
  const findByIdentity = async ({ workspaceId, issuer, sub }: ProvisionMemberInput) =>
    fold(
      await db
        .selectFrom('member_identities as i')
        .innerJoin('members as m', 'm.id', 'i.member_id')
        .innerJoin('member_identities as other', 'other.member_id', 'm.id')
        .selectAll('m')
        .select(['other.issuer', 'other.sub'])
        .where('i.workspace_id', '=', workspaceId)
        .where('i.issuer', '=', issuer)
        .where('i.sub', '=', sub)
        .execute(),
    )[0]

  const refresh = async (member: Member, input: ProvisionMemberInput): Promise<Member> => {
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

  const insert = async (input: ProvisionMemberInput): Promise<Member | undefined> => {
    const row = {
      id: randomUUID(),
      workspace_id: input.workspaceId,
      name: input.name ?? null,
      email: input.email ?? null,
      role: 'Member' as const,
      lms_roles: JSON.stringify(input.lmsRoles),
      created_at: input.at,
      updated_at: input.at,
    }
    const identity = { issuer: input.issuer, sub: input.sub }
    try {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('members').values(row).execute()
        // The identity's primary key decides a first-launch race; the loser rolls back its member.
        const won = await trx
          .insertInto('member_identities')
          .values({ workspace_id: input.workspaceId, ...identity, member_id: row.id })
          .onConflict((oc) => oc.doNothing())
          .returning('member_id')
          .executeTakeFirst()
        if (!won) throw new LostFirstLaunchRace()
      })
    } catch (error) {
      if (error instanceof LostFirstLaunchRace) return undefined
      throw error
    }
    return toMember(row, [identity])
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
      const existing = await findByIdentity(input)
      if (existing) return refresh(existing, input)
      const created = await insert(input)
      if (created) return created
      const winner = await findByIdentity(input)
      if (!winner) throw new Error('member identity vanished while provisioning')
      return refresh(winner, input)
    },

    async list(workspaceId) {
      return fold(await selectMembers(workspaceId).execute())
    },

    async findById(workspaceId, id) {
      return fold(await selectMembers(workspaceId).where('m.id', '=', id).execute())[0]
    },
  }
}

type JoinedRow = Selectable<MembersTable> & { issuer: string | null; sub: string | null }

function fold(rows: readonly JoinedRow[]): Member[] {
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

function toMember(row: Selectable<MembersTable>, identities: readonly MemberIdentity[]): Member {
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
