import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type { RosterEntry, RosterPorts, StoredRoster } from '../tool/ports.js'
import { present } from './present.js'
import type { Database, RosterMembersTable } from './schema.js'

export interface FindRostersQuery {
  /** The LMS's context ID; absent: every roster of the workspace (at most `limit`). */
  readonly contextId?: string
  /** Only the roster from this registration. */
  readonly registrationId?: string
  /** Default 50, at most 500. */
  readonly limit?: number
}

export interface RosterRepository extends RosterPorts {
  /**
   * The rosters of a workspace for an LMS context ID: one per registration that has one (two
   * LMSes may use the same context ID). Each member says whether they launched from the context.
   */
  findRosters(workspaceId: string, query: FindRostersQuery): Promise<StoredRoster[]>
}

/** Rows per INSERT: 6 parameters each stays far below both dialects' parameter limits. */
const CHUNK = 500

/**
 * Course rosters read through NRPS, and which of their members have launched (a member joins a
 * roster entry through `member_identities` by the registration's issuer and `sub` = `user_id`).
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0/
 */
export function rosterRepository(db: Kysely<Database>): RosterRepository {
  const upsertRoster = (
    executor: Kysely<Database>,
    input: { registrationId: string; contextId: string; membershipsUrl: string },
    extra: { synced_at?: number; last_error_code?: null } = {},
  ) =>
    executor
      .insertInto('rosters')
      .values({
        id: randomUUID(),
        registration_id: input.registrationId,
        context_id: input.contextId,
        memberships_url: input.membershipsUrl,
        ...extra,
      })
      .onConflict((oc) =>
        oc.columns(['registration_id', 'context_id']).doUpdateSet((eb) => ({
          memberships_url: eb.ref('excluded.memberships_url'),
          ...(extra.synced_at !== undefined && {
            synced_at: eb.ref('excluded.synced_at'),
            last_error_code: null,
          }),
        })),
      )
      // On conflict both dialects return the surviving row: the existing ID.
      .returning('id')
      .executeTakeFirstOrThrow()

  return {
    async claimRosterRefresh(claim) {
      await upsertRoster(db, claim)
      // One conditional UPDATE: PostgreSQL re-checks the WHERE after a concurrent writer
      // commits, so of several instances claiming at once exactly one sees a row updated.
      const result = await db
        .updateTable('rosters')
        .set({ last_attempt_at: claim.now })
        .where('registration_id', '=', claim.registrationId)
        .where('context_id', '=', claim.contextId)
        .where((eb) =>
          eb.and([
            eb.or([eb('synced_at', 'is', null), eb('synced_at', '<', claim.staleBefore)]),
            eb.or([
              eb('last_attempt_at', 'is', null),
              eb('last_attempt_at', '<', claim.retryBefore),
            ]),
          ]),
        )
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },

    async replaceRosterMembers(input) {
      await db.transaction().execute(async (trx) => {
        // The upsert locks the roster row (PostgreSQL), so two syncs of one roster run one
        // after the other and the later one's members stand complete.
        const { id } = await upsertRoster(trx, input, {
          synced_at: input.at,
          last_error_code: null,
        })
        await trx.deleteFrom('roster_members').where('roster_id', '=', id).execute()
        for (let i = 0; i < input.members.length; i += CHUNK) {
          const rows = input.members.slice(i, i + CHUNK).map((m) => ({
            roster_id: id,
            user_id: m.userId,
            status: m.status,
            roles: JSON.stringify(m.roles),
            name: m.name ?? null,
            email: m.email ?? null,
          }))
          await trx.insertInto('roster_members').values(rows).execute()
        }
      })
    },

    async recordRosterFailure({ registrationId, contextId, errorCode, at }) {
      await db
        .updateTable('rosters')
        .set({ last_error_code: errorCode, last_attempt_at: at })
        .where('registration_id', '=', registrationId)
        .where('context_id', '=', contextId)
        .execute()
    },

    async findRosters(workspaceId, { contextId, registrationId, limit = 50 }) {
      let query = db
        .selectFrom('rosters as r')
        .innerJoin('registrations as reg', 'reg.id', 'r.registration_id')
        .leftJoin('lti_contexts as ctx', (join) =>
          join
            .onRef('ctx.registration_id', '=', 'r.registration_id')
            .onRef('ctx.context_id', '=', 'r.context_id'),
        )
        .selectAll('r')
        .select(['reg.issuer', 'ctx.id as context_ref', 'ctx.title as context_title'])
        .where('reg.workspace_id', '=', workspaceId)
        .orderBy('reg.created_at')
        .orderBy('r.context_id')
        .limit(Math.min(Math.max(Math.trunc(limit) || 1, 1), 500))
      if (contextId !== undefined) query = query.where('r.context_id', '=', contextId)
      if (registrationId !== undefined)
        query = query.where('r.registration_id', '=', registrationId)
      const rosters = await query.execute()
      return Promise.all(
        rosters.map(async (row) => ({
          registrationId: row.registration_id,
          contextId: row.context_id,
          ...present('contextTitle', row.context_title),
          membershipsUrl: row.memberships_url,
          ...present('syncedAt', row.synced_at),
          ...present('lastAttemptAt', row.last_attempt_at),
          ...present('lastErrorCode', row.last_error_code),
          members: await entries(db, workspaceId, row),
        })),
      )
    },
  }
}

type MemberRow = Selectable<RosterMembersTable> & {
  member_id: string | null
  last_launch_at: number | null
}

async function entries(
  db: Kysely<Database>,
  workspaceId: string,
  roster: { id: string; issuer: string; context_ref: string | null },
): Promise<RosterEntry[]> {
  const rows: MemberRow[] = await db
    .selectFrom('roster_members as m')
    .leftJoin('member_identities as i', (join) =>
      join
        .onRef('i.sub', '=', 'm.user_id')
        .on('i.workspace_id', '=', workspaceId)
        .on('i.issuer', '=', roster.issuer),
    )
    // Without a context row nobody has launched from the context yet: match no enrollment.
    .leftJoin('enrollments as e', (join) =>
      join
        .onRef('e.member_id', '=', 'i.member_id')
        .on('e.context_ref', '=', roster.context_ref ?? ''),
    )
    .selectAll('m')
    .select(['i.member_id', 'e.last_launch_at'])
    .where('m.roster_id', '=', roster.id)
    .orderBy('m.user_id')
    .execute()
  return rows.map((row) => ({
    userId: row.user_id,
    status: row.status,
    roles: JSON.parse(row.roles) as string[],
    ...present('name', row.name),
    ...present('email', row.email),
    ...present('memberId', row.member_id),
    launched: row.last_launch_at !== null,
    ...present('lastLaunchAt', row.last_launch_at),
  }))
}
