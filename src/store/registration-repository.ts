import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import { systemClock } from '../core/ports.js'
import type { Clock, Registration, RegistrationStore } from '../core/ports.js'
import { createReadCache } from './read-cache.js'
import type { Database, RegistrationsTable } from './schema.js'

/** A registration as an admin enters it; the store assigns `id`, `workspaceId` and `createdAt`. */
export type RegistrationInput = Omit<Registration, 'id' | 'workspaceId' | 'createdAt'>

export interface RegistrationRepository {
  /**
   * Stores a registration and its deployments in one transaction.
   * @returns `'duplicate'` when the workspace already has this (issuer, client_id).
   */
  create(workspaceId: string, input: RegistrationInput): Promise<Registration | 'duplicate'>
  list(workspaceId: string): Promise<Registration[]>
  findById(workspaceId: string, id: string): Promise<Registration | undefined>
  /** Deletes a registration with its deployments, contexts, resource links and enrollments. */
  delete(workspaceId: string, id: string): Promise<boolean>
  /**
   * The core port for one workspace, used on every login and launch. Its lookups are served from
   * this process's cache; see `registrationRepository`.
   */
  forWorkspace(workspaceId: string): RegistrationStore
}

export interface RegistrationRepositoryOptions {
  /**
   * How long `findRegistration` and `listRegistrationsByIssuer` answer a hit from memory.
   * Default 5 s; `0` disables the cache.
   */
  readonly cacheTtlMs?: number
}

export const REGISTRATION_CACHE_TTL_MS = 5_000

/**
 * Registrations (issuer + client_id) with their deployments; `clock` stamps `createdAt` and ages
 * the cache behind `forWorkspace`.
 *
 * Only hits are cached, so an LMS connected on any instance is found at once. `create` and `delete`
 * through this repository invalidate its affected entries immediately. Another instance, however,
 * keeps serving a registration it has cached for up to `cacheTtlMs` after it is deleted: a removed
 * LMS connection keeps working there that long, as a cached JWKS keeps a rotated-out key valid.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#tool-deployment
 */
export function registrationRepository(
  db: Kysely<Database>,
  clock: Clock = systemClock,
  { cacheTtlMs = REGISTRATION_CACHE_TTL_MS }: RegistrationRepositoryOptions = {},
): RegistrationRepository {
  const byClientId = createReadCache<Registration>({ clock, ttlMs: cacheTtlMs })
  // Never empty: an issuer without registrations is a miss.
  const byIssuer = createReadCache<Registration[]>({ clock, ttlMs: cacheTtlMs })

  // One query for a registration and its deployments: a LEFT JOIN folded in JS, because the
  // aggregates that would return one row (json_agg, json_group_array) differ per dialect.
  const select = (workspaceId: string) =>
    db
      .selectFrom('registrations as r')
      .leftJoin('deployments as d', 'd.registration_id', 'r.id')
      .selectAll('r')
      .select('d.deployment_id')
      .where('r.workspace_id', '=', workspaceId)
      .orderBy('r.created_at')
      .orderBy('r.id')

  return {
    async create(workspaceId, input) {
      const row = {
        id: randomUUID(),
        workspace_id: workspaceId,
        name: input.name,
        issuer: input.issuer,
        client_id: input.clientId,
        authentication_request_url: input.authenticationRequestUrl,
        access_token_url: input.accessTokenUrl,
        jwks_url: input.jwksUrl,
        created_at: clock.now(),
      }
      const deploymentIds = [...new Set(input.deploymentIds)].sort()
      let created: Registration | 'duplicate' | undefined
      try {
        created = await db.transaction().execute(async (trx) => {
          const inserted = await trx
            .insertInto('registrations')
            .values(row)
            .onConflict((oc) => oc.doNothing())
            .returning('id')
            .executeTakeFirst()
          if (!inserted) return 'duplicate' as const
          if (deploymentIds.length > 0) {
            await trx
              .insertInto('deployments')
              .values(
                deploymentIds.map((deployment_id) => ({ registration_id: row.id, deployment_id })),
              )
              .execute()
          }
          return toRegistration(row, deploymentIds)
        })
      } finally {
        // The issuer's list gains an entry; a lookup by client ID had to miss before.
        if (created !== 'duplicate') {
          byIssuer.invalidate(
            ([first]) => first?.workspaceId === workspaceId && first.issuer === input.issuer,
          )
        }
      }
      return created
    },

    async list(workspaceId) {
      return fold(await select(workspaceId).execute())
    },

    async findById(workspaceId, id) {
      return fold(await select(workspaceId).where('r.id', '=', id).execute())[0]
    },

    async delete(workspaceId, id) {
      try {
        return await db.transaction().execute(async (trx) => {
          // Explicit, because SQLite enforces the ON DELETE CASCADE only with its pragma set.
          const owned = trx
            .selectFrom('registrations')
            .select('id')
            .where('id', '=', id)
            .where('workspace_id', '=', workspaceId)
          const contexts = trx
            .selectFrom('lti_contexts')
            .select('id')
            .where('registration_id', 'in', owned)
          await trx.deleteFrom('enrollments').where('context_ref', 'in', contexts).execute()
          await trx.deleteFrom('resource_links').where('registration_id', 'in', owned).execute()
          await trx.deleteFrom('lti_contexts').where('registration_id', 'in', owned).execute()
          await trx.deleteFrom('deployments').where('registration_id', 'in', owned).execute()
          const { numDeletedRows } = await trx
            .deleteFrom('registrations')
            .where('id', '=', id)
            .where('workspace_id', '=', workspaceId)
            .executeTakeFirst()
          return numDeletedRows > 0n
        })
      } finally {
        // After the write, so that no read of this process caches the row again; also after a
        // failure, which may have come after the commit.
        byClientId.invalidate((registration) => registration.id === id)
        byIssuer.invalidate((list) => list.some((registration) => registration.id === id))
      }
    },

    forWorkspace(workspaceId) {
      return {
        findRegistration(issuer, clientId) {
          return byClientId.get(JSON.stringify([workspaceId, issuer, clientId]), async () => {
            const rows = await select(workspaceId)
              .where('r.issuer', '=', issuer)
              .where('r.client_id', '=', clientId)
              .execute()
            return fold(rows)[0]
          })
        },
        async listRegistrationsByIssuer(issuer) {
          const listed = await byIssuer.get(JSON.stringify([workspaceId, issuer]), async () => {
            const registrations = fold(
              await select(workspaceId).where('r.issuer', '=', issuer).execute(),
            )
            return registrations.length > 0 ? registrations : undefined
          })
          return listed ? [...listed] : []
        },
      }
    },
  }
}

type JoinedRow = Selectable<RegistrationsTable> & { deployment_id: string | null }

/** Groups joined rows (ordered by registration) into registrations with their deployment IDs. */
function fold(rows: readonly JoinedRow[]): Registration[] {
  const byId = new Map<string, { row: JoinedRow; deploymentIds: string[] }>()
  for (const row of rows) {
    let entry = byId.get(row.id)
    if (!entry) byId.set(row.id, (entry = { row, deploymentIds: [] }))
    if (row.deployment_id !== null) entry.deploymentIds.push(row.deployment_id)
  }
  // Sorted in JS, not SQL: collations differ between dialects.
  return [...byId.values()].map(({ row, deploymentIds }) =>
    toRegistration(row, deploymentIds.sort()),
  )
}

function toRegistration(
  row: Selectable<RegistrationsTable>,
  deploymentIds: readonly string[],
): Registration {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    issuer: row.issuer,
    clientId: row.client_id,
    deploymentIds,
    authenticationRequestUrl: row.authentication_request_url,
    accessTokenUrl: row.access_token_url,
    jwksUrl: row.jwks_url,
    createdAt: row.created_at,
  }
}
