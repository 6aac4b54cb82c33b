import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import { systemClock } from '../core/ports.js'
import type { Clock } from '../core/ports.js'
import type {
  Attempt,
  AttemptResult,
  OpenAttemptInput,
  PassbackJob,
  PassbackOutcome,
} from '../tool/ports.js'
import { toPassbackJob } from './passback-repository.js'
import { present } from './present.js'
import type { AttemptsTable, Database } from './schema.js'
import { createWriteMemo } from './write-memo.js'

export interface ListAttemptsOptions {
  readonly memberId?: string
  readonly scenarioId?: string
  /** A submission review names the learner by platform, resource link and `sub`. */
  readonly registrationId?: string
  readonly resourceLinkId?: string
  readonly userId?: string
  /** Default 100, at most 500. */
  readonly limit?: number
}

export interface RecordResultInput {
  readonly attemptId: string
  /** 0 to 100. */
  readonly score: number
  readonly at: number
  /** `pending` to post it; `not_applicable` (with its code) when there is nowhere to post. */
  readonly passback: Extract<PassbackOutcome, { state: 'not_applicable' }> | { state: 'pending' }
}

export interface AttemptRepository {
  /**
   * Opens the attempt of (member, scenario, registration, resource link), or resumes it with the
   * launch's `sub` and AGS claim (the latest launch wins). Returns its ID. An identical reopen
   * within `rewriteAfterMs` writes nothing.
   */
  openAttempt(input: OpenAttemptInput): Promise<string>
  /** Across workspaces: for the passback worker. */
  findById(id: string): Promise<Attempt | undefined>
  find(workspaceId: string, id: string): Promise<Attempt | undefined>
  /** Most recently launched first. */
  list(workspaceId: string, options?: ListAttemptsOptions): Promise<Attempt[]>
  /**
   * Stores a result and its passback job in one transaction: once this resolves the score is
   * durable and will be posted, whatever happens to this process.
   */
  recordResult(input: RecordResultInput): Promise<{ result: AttemptResult; job: PassbackJob }>
  /** Oldest first. */
  listResults(attemptIds: readonly string[]): Promise<AttemptResult[]>
}

export interface AttemptRepositoryOptions {
  /** See `launchRepository`: unchanged reopens are skipped within this window. Default 60 s. */
  readonly rewriteAfterMs?: number
}

const DEFAULT_LIMIT = 100
const MAX_LIMIT = 500

/** Attempts and their results. */
export function attemptRepository(
  db: Kysely<Database>,
  clock: Clock = systemClock,
  { rewriteAfterMs = 60_000 }: AttemptRepositoryOptions = {},
): AttemptRepository {
  const memo = createWriteMemo<string>({ clock, windowMs: rewriteAfterMs })

  const upsert = async (input: OpenAttemptInput): Promise<string> => {
    const row = await db
      .insertInto('attempts')
      .values({
        id: randomUUID(),
        workspace_id: input.workspaceId,
        member_id: input.memberId,
        scenario_id: input.scenarioId,
        registration_id: input.registrationId,
        resource_link_id: input.resourceLinkId,
        user_id: input.userId,
        ags_endpoint: input.agsEndpoint === undefined ? null : JSON.stringify(input.agsEndpoint),
        created_at: input.at,
        updated_at: input.at,
      })
      .onConflict((oc) =>
        oc
          .columns(['member_id', 'scenario_id', 'registration_id', 'resource_link_id'])
          .doUpdateSet((eb) => ({
            user_id: eb.ref('excluded.user_id'),
            ags_endpoint: eb.ref('excluded.ags_endpoint'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
      )
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  const select = () => db.selectFrom('attempts').selectAll()

  return {
    openAttempt(input) {
      const key = JSON.stringify([
        input.memberId,
        input.scenarioId,
        input.registrationId,
        input.resourceLinkId,
      ])
      return memo.run(key, [input.userId, input.agsEndpoint ?? null], () => upsert(input))
    },

    async findById(id) {
      const row = await select().where('id', '=', id).executeTakeFirst()
      return row && toAttempt(row)
    },

    async find(workspaceId, id) {
      const row = await select()
        .where('id', '=', id)
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst()
      return row && toAttempt(row)
    },

    async list(workspaceId, options = {}) {
      const { memberId, scenarioId, limit = DEFAULT_LIMIT } = options
      let query = select()
        .where('workspace_id', '=', workspaceId)
        .orderBy('updated_at', 'desc')
        .orderBy('id')
        .limit(Math.min(Math.max(Math.trunc(limit) || DEFAULT_LIMIT, 1), MAX_LIMIT))
      if (memberId !== undefined) query = query.where('member_id', '=', memberId)
      if (scenarioId !== undefined) query = query.where('scenario_id', '=', scenarioId)
      for (const [column, value] of [
        ['registration_id', options.registrationId],
        ['resource_link_id', options.resourceLinkId],
        ['user_id', options.userId],
      ] as const) {
        if (value !== undefined) query = query.where(column, '=', value)
      }
      return (await query.execute()).map(toAttempt)
    },

    async recordResult({ attemptId, score, at, passback }) {
      const result = { id: randomUUID(), attempt_id: attemptId, score, at }
      const job = {
        id: randomUUID(),
        attempt_id: attemptId,
        result_id: result.id,
        score,
        state: passback.state,
        run_at: at,
        tries: 0,
        lease_token: null,
        lease_expires_at: null,
        last_error_code: passback.state === 'pending' ? null : passback.errorCode,
        last_error: passback.state === 'pending' ? null : (passback.error ?? null),
        posted_score: null,
        created_at: at,
        updated_at: at,
      }
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('attempt_results').values(result).execute()
        await trx.insertInto('passback_jobs').values(job).execute()
      })
      return { result: { id: result.id, attemptId, score, at }, job: toPassbackJob(job) }
    },

    async listResults(attemptIds) {
      if (attemptIds.length === 0) return []
      const rows = await db
        .selectFrom('attempt_results')
        .selectAll()
        .where('attempt_id', 'in', [...attemptIds])
        .orderBy('at')
        .orderBy('id')
        .execute()
      return rows.map((r) => ({ id: r.id, attemptId: r.attempt_id, score: r.score, at: r.at }))
    },
  }
}

function toAttempt(row: Selectable<AttemptsTable>): Attempt {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    memberId: row.member_id,
    scenarioId: row.scenario_id,
    registrationId: row.registration_id,
    resourceLinkId: row.resource_link_id,
    userId: row.user_id,
    ...present('agsEndpoint', row.ags_endpoint === null ? null : parse(row.ags_endpoint)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

function parse(text: string): unknown {
  return JSON.parse(text) as unknown
}
