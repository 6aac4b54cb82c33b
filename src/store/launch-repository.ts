import { randomUUID } from 'node:crypto'
import type { Insertable, Kysely, Selectable } from 'kysely'
import { systemClock } from '../core/ports.js'
import type { Clock } from '../core/ports.js'
import type { LaunchContextInput, LaunchLogEntry } from '../tool/ports.js'
import { present } from './present.js'
import type { Database, EnrollmentsTable, LaunchLogTable, ResourceLinksTable } from './schema.js'
import { storeDialectOf } from './dialect/store-dialect.js'
import type { StoreDialect } from './dialect/store-dialect.js'
import { enrollmentUpsert } from './enrollment-upsert.js'
import { createWriteMemo } from './write-memo.js'

/** A launch log entry as stored: the entry plus its row id. */
export interface LaunchLogRecord extends LaunchLogEntry {
  readonly id: string
}

export interface ListLaunchesOptions {
  readonly correlationId?: string
  /** Default 50, at most 500. */
  readonly limit?: number
  /** Only entries older than this one, in list order (keyset paging: "older"). */
  readonly before?: { readonly at: number; readonly id: string }
}

export interface LaunchRepository {
  /**
   * Upserts the launch's context, resource link and enrollment. The platform is the source of
   * truth, so the latest launch's claim values win; a launch without a scenario keeps the
   * link's scenario. Idempotent. A row this process wrote with the same values within
   * `rewriteAfterMs` is not written again (see `launchRepository`).
   */
  recordLaunchContext(input: LaunchContextInput): Promise<void>
  /**
   * `recordLaunchContext` and `appendLaunchLog` of a successful launch together: the enrollment
   * and the log entry travel in one statement on PostgreSQL (one round trip fewer per launch).
   */
  recordLaunch(input: LaunchContextInput, entry: LaunchLogEntry): Promise<void>
  appendLaunchLog(entry: LaunchLogEntry): Promise<void>
  /** Newest first. */
  listLaunches(workspaceId: string, options?: ListLaunchesOptions): Promise<LaunchLogRecord[]>
  /** The newest entry of a correlation ID. */
  findLaunch(workspaceId: string, correlationId: string): Promise<LaunchLogRecord | undefined>
}

const DEFAULT_LIMIT = 50
const MAX_LIMIT = 500

export interface LaunchRepositoryOptions {
  /**
   * How long `recordLaunchContext` skips rewriting a context, resource link or enrollment with
   * unchanged values. Default 60 s; `0` writes every launch.
   */
  readonly rewriteAfterMs?: number
}

export const LAUNCH_CONTEXT_REWRITE_MS = 60_000

/**
 * Launch contexts for services and rosters, and the launch log for troubleshooting.
 *
 * Most launches repeat what an earlier one recorded, so this process remembers (bounded, by
 * `clock`) what it last upserted for each context, resource link and enrollment, and skips an
 * upsert of the same values within `rewriteAfterMs`. Changed values (a renamed title, new claims,
 * another scenario or roles) are written at once. What the skip gives up: `updated_at` and an
 * enrollment's `last_launch_at` may lag the latest launch by up to `rewriteAfterMs`; and values
 * another instance wrote meanwhile stand until this process next writes that row (on a change, or
 * after the window), as if that instance's launch had come last.
 */
export function launchRepository(
  db: Kysely<Database>,
  clock: Clock = systemClock,
  { rewriteAfterMs = LAUNCH_CONTEXT_REWRITE_MS }: LaunchRepositoryOptions = {},
  dialect: StoreDialect = storeDialectOf(db),
): LaunchRepository {
  const memo = { clock, windowMs: rewriteAfterMs }
  // A context's memo keeps its ID, which the link and the enrollment refer to.
  const contexts = createWriteMemo<string>(memo)
  const resourceLinks = createWriteMemo<void>(memo)
  const enrollments = createWriteMemo<void>(memo)

  const upsertContext = async (
    { registrationId, deploymentId, at }: LaunchContextInput,
    context: NonNullable<LaunchContextInput['context']>,
  ): Promise<string> => {
    const row = await db
      .insertInto('lti_contexts')
      .values({
        id: randomUUID(),
        registration_id: registrationId,
        deployment_id: deploymentId,
        context_id: context.id,
        label: context.label ?? null,
        title: context.title ?? null,
        types: context.type ? JSON.stringify(context.type) : null,
        updated_at: at,
      })
      .onConflict((oc) =>
        oc.columns(['registration_id', 'context_id']).doUpdateSet((eb) => ({
          deployment_id: eb.ref('excluded.deployment_id'),
          label: eb.ref('excluded.label'),
          title: eb.ref('excluded.title'),
          types: eb.ref('excluded.types'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      // Both dialects return the surviving row, so this is the existing ID on conflict.
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  const upsertResourceLink = async (row: Insertable<ResourceLinksTable>): Promise<void> => {
    await db
      .insertInto('resource_links')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['registration_id', 'resource_link_id']).doUpdateSet((eb) => ({
          deployment_id: eb.ref('excluded.deployment_id'),
          context_ref: eb.ref('excluded.context_ref'),
          title: eb.ref('excluded.title'),
          description: eb.ref('excluded.description'),
          scenario_id: eb.fn.coalesce('excluded.scenario_id', 'resource_links.scenario_id'),
          ags_endpoint: eb.ref('excluded.ags_endpoint'),
          nrps_service: eb.ref('excluded.nrps_service'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute()
  }

  const upsertEnrollment = async (row: Insertable<EnrollmentsTable>): Promise<void> => {
    await enrollmentUpsert(db, row).execute()
  }

  const selectLaunches = (workspaceId: string) =>
    db
      .selectFrom('launch_log')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')

  const record = async (
    input: LaunchContextInput,
    writeEnrollment: (row: Insertable<EnrollmentsTable>) => Promise<void>,
  ): Promise<void> => {
    const { registrationId, deploymentId, context, resourceLink } = input
    let contextKey: string | undefined
    let contextRef: string | undefined
    if (context) {
      contextKey = JSON.stringify([registrationId, context.id])
      const values = [deploymentId, context.label, context.title, context.type]
      contextRef = await contexts.run(contextKey, values, () => upsertContext(input, context))
    }
    const writes: Promise<void>[] = []
    if (resourceLink) {
      const row = resourceLinkRow(input, resourceLink, contextRef)
      const key = JSON.stringify([registrationId, resourceLink.id])
      const values = [
        row.deployment_id,
        row.context_ref,
        row.title,
        row.description,
        row.scenario_id,
        row.ags_endpoint,
        row.nrps_service,
      ]
      writes.push(resourceLinks.run(key, values, () => upsertResourceLink(row)))
    }
    if (contextRef !== undefined) {
      const row = {
        member_id: input.memberId,
        context_ref: contextRef,
        roles: JSON.stringify(input.roles),
        last_launch_at: input.at,
      }
      const key = JSON.stringify([row.member_id, row.context_ref])
      writes.push(enrollments.run(key, [row.roles], () => writeEnrollment(row)))
    }
    try {
      // Independent upserts: on PostgreSQL they travel in parallel on two pooled connections.
      await Promise.all(writes)
    } catch (error) {
      // The remembered context may be gone (its registration deleted by another instance):
      // the next launch writes it again.
      if (contextKey !== undefined) contexts.forget(contextKey)
      throw error
    }
  }

  return {
    recordLaunchContext: (input) => record(input, upsertEnrollment),

    async recordLaunch(input, entry) {
      let logged = false
      await record(input, async (row) => {
        await dialect.upsertEnrollmentAndLog(db, row, logRow(entry))
        logged = true
      })
      // No enrollment to write (no context, or unchanged within the window): the entry alone.
      if (!logged) await db.insertInto('launch_log').values(logRow(entry)).execute()
    },

    async appendLaunchLog(entry) {
      await db.insertInto('launch_log').values(logRow(entry)).execute()
    },

    async listLaunches(workspaceId, { correlationId, limit = DEFAULT_LIMIT, before } = {}) {
      let query = selectLaunches(workspaceId).limit(clampLimit(limit))
      if (correlationId !== undefined) query = query.where('correlation_id', '=', correlationId)
      if (before !== undefined) {
        // The list's order (at, id) descending: a key, not an offset, so a page stays put
        // while launches arrive, and entries of one millisecond are neither lost nor repeated.
        query = query.where((eb) =>
          eb.or([
            eb('at', '<', before.at),
            eb.and([eb('at', '=', before.at), eb('id', '<', before.id)]),
          ]),
        )
      }
      return (await query.execute()).map(toRecord)
    },

    async findLaunch(workspaceId, correlationId) {
      const row = await selectLaunches(workspaceId)
        .where('correlation_id', '=', correlationId)
        .limit(1)
        .executeTakeFirst()
      return row && toRecord(row)
    },
  }
}

function resourceLinkRow(
  input: LaunchContextInput,
  resourceLink: NonNullable<LaunchContextInput['resourceLink']>,
  contextRef: string | undefined,
) {
  return {
    id: randomUUID(),
    registration_id: input.registrationId,
    deployment_id: input.deploymentId,
    resource_link_id: resourceLink.id,
    context_ref: contextRef ?? null,
    title: resourceLink.title ?? null,
    description: resourceLink.description ?? null,
    scenario_id: input.scenarioId ?? null,
    ags_endpoint: json(input.agsEndpoint),
    nrps_service: json(input.nrpsService),
    updated_at: input.at,
  }
}

function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value)
}

function clampLimit(limit: number): number {
  if (Number.isNaN(limit)) return DEFAULT_LIMIT
  return Math.min(Math.max(Math.trunc(limit), 1), MAX_LIMIT)
}

function toRecord(row: Selectable<LaunchLogTable>): LaunchLogRecord {
  return {
    id: row.id,
    correlationId: row.correlation_id,
    ...present('workspaceId', row.workspace_id),
    at: row.at,
    outcome: row.outcome,
    ...present('errorCode', row.error_code),
    ...present('message', row.message),
    ...present('issuer', row.issuer),
    ...present('clientId', row.client_id),
    ...present('deploymentId', row.deployment_id),
    ...present('messageType', row.message_type),
    ...present('memberId', row.member_id),
    ...present('scenarioId', row.scenario_id),
    ...present('claims', row.claims === null ? null : parseClaims(row.claims)),
  }
}

function parseClaims(text: string): Record<string, unknown> {
  return JSON.parse(text) as Record<string, unknown>
}

function logRow(entry: LaunchLogEntry): Insertable<LaunchLogTable> {
  return {
    id: randomUUID(),
    workspace_id: entry.workspaceId ?? null,
    correlation_id: entry.correlationId,
    at: entry.at,
    outcome: entry.outcome,
    error_code: entry.errorCode ?? null,
    message: entry.message ?? null,
    issuer: entry.issuer ?? null,
    client_id: entry.clientId ?? null,
    deployment_id: entry.deploymentId ?? null,
    message_type: entry.messageType ?? null,
    member_id: entry.memberId ?? null,
    scenario_id: entry.scenarioId ?? null,
    claims: json(entry.claims),
  }
}
