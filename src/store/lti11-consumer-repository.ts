import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import { systemClock } from '../core/ports.js'
import type { Clock } from '../core/ports.js'
import { present } from './present.js'
import type { Database, Lti11ConsumersTable } from './schema.js'

/**
 * A workspace's former LTI 1.1 consumer: the key and shared secret an LMS launched the tool with
 * before LTI 1.3. Its learners are the members with an identity `urn:lti11:<consumerKey>`.
 */
export interface Lti11Consumer {
  readonly id: string
  readonly workspaceId: string
  readonly consumerKey: string
  /** The shared secret sealed with the secret box; the store never sees it in clear. */
  readonly encryptedSecret: string
  /** The connected LTI 1.3 LMS it migrates to; absent when not linked to one. */
  readonly registrationId?: string
  readonly createdAt: number
}

export interface Lti11ConsumerInput {
  readonly consumerKey: string
  readonly encryptedSecret: string
  readonly registrationId?: string
}

export interface Lti11ConsumerRepository {
  /** @returns `'duplicate'` when the workspace already holds this consumer key. */
  create(workspaceId: string, input: Lti11ConsumerInput): Promise<Lti11Consumer | 'duplicate'>
  /** Oldest first. */
  list(workspaceId: string): Promise<Lti11Consumer[]>
  findById(workspaceId: string, id: string): Promise<Lti11Consumer | undefined>
  /** The consumer an LTI 1.1 launch or an `lti1p1` claim names by its `oauth_consumer_key`. */
  findByKey(workspaceId: string, consumerKey: string): Promise<Lti11Consumer | undefined>
  /** Links the consumer to a connected LMS, or unlinks it (`null`); `undefined` when not found. */
  setRegistration(
    workspaceId: string,
    id: string,
    registrationId: string | null,
  ): Promise<Lti11Consumer | undefined>
  delete(workspaceId: string, id: string): Promise<boolean>
}

/**
 * LTI 1.1 consumers per workspace; `clock` stamps `createdAt`. Nothing is cached: only 1.1
 * launches and 1.3 launches carrying an `lti1p1` claim for an unknown learner read them.
 * @see https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim
 */
export function lti11ConsumerRepository(
  db: Kysely<Database>,
  clock: Clock = systemClock,
): Lti11ConsumerRepository {
  const select = (workspaceId: string) =>
    db.selectFrom('lti11_consumers').selectAll().where('workspace_id', '=', workspaceId)

  return {
    async create(workspaceId, input) {
      const row = {
        id: randomUUID(),
        workspace_id: workspaceId,
        consumer_key: input.consumerKey,
        encrypted_secret: input.encryptedSecret,
        registration_id: input.registrationId ?? null,
        created_at: clock.now(),
      }
      const inserted = await db
        .insertInto('lti11_consumers')
        .values(row)
        .onConflict((oc) => oc.columns(['workspace_id', 'consumer_key']).doNothing())
        .returning('id')
        .executeTakeFirst()
      return inserted ? toConsumer(row) : 'duplicate'
    },

    async list(workspaceId) {
      const rows = await select(workspaceId).orderBy('created_at').orderBy('id').execute()
      return rows.map(toConsumer)
    },

    async findById(workspaceId, id) {
      const row = await select(workspaceId).where('id', '=', id).executeTakeFirst()
      return row && toConsumer(row)
    },

    async findByKey(workspaceId, consumerKey) {
      const row = await select(workspaceId)
        .where('consumer_key', '=', consumerKey)
        .executeTakeFirst()
      return row && toConsumer(row)
    },

    async setRegistration(workspaceId, id, registrationId) {
      const row = await db
        .updateTable('lti11_consumers')
        .set({ registration_id: registrationId })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst()
      return row && toConsumer(row)
    },

    async delete(workspaceId, id) {
      const { numDeletedRows } = await db
        .deleteFrom('lti11_consumers')
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst()
      return numDeletedRows > 0n
    },
  }
}

function toConsumer(row: Selectable<Lti11ConsumersTable>): Lti11Consumer {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    consumerKey: row.consumer_key,
    encryptedSecret: row.encrypted_secret,
    ...present('registrationId', row.registration_id),
    createdAt: row.created_at,
  }
}
