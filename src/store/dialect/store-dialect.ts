import { PostgresIntrospector } from 'kysely'
import type { Insertable, Kysely, Selectable } from 'kysely'
import type { DialectName } from '../database.js'
import type { Database, EnrollmentsTable, LaunchLogTable, MembersTable } from '../schema.js'
import { postgresDialect } from './postgres.js'
import { sqliteDialect } from './sqlite.js'

/** One (issuer, sub) of a workspace: the key of `member_identities`. */
export interface IdentityKey {
  readonly workspaceId: string
  readonly issuer: string
  readonly sub: string
}

/** A member with one of its identities; a member with several identities spans several rows. */
export type MemberIdentityRow = Selectable<MembersTable> & { issuer: string; sub: string }

/** The statements whose SQL differs between dialects (STYLE.md §7). */
export interface StoreDialect {
  readonly name: DialectName
  /**
   * The member behind `identity`, one row per identity it has; when there is none, inserts
   * `member` with `identity` atomically and returns it.
   * @returns no rows when a concurrent first launch inserted `identity` first; then nothing of
   *   `member` remains and a second call finds the winner
   */
  findOrInsertMember(
    db: Kysely<Database>,
    identity: IdentityKey,
    member: Selectable<MembersTable>,
  ): Promise<MemberIdentityRow[]>
  /** Upserts an enrollment and appends a launch log entry, in one round trip where possible. */
  upsertEnrollmentAndLog(
    db: Kysely<Database>,
    enrollment: Insertable<EnrollmentsTable>,
    log: Insertable<LaunchLogTable>,
  ): Promise<void>
}

/**
 * The statements for `name`, by default for the dialect behind `db`: PostgreSQL when it
 * introspects as PostgreSQL, else the portable ones (written for SQLite).
 */
export function storeDialectOf(db: Kysely<Database>, name?: DialectName): StoreDialect {
  const postgres = name ? name === 'postgres' : db.introspection instanceof PostgresIntrospector
  return postgres ? postgresDialect : sqliteDialect
}
