import { sql } from 'kysely'
import { enrollmentUpsert } from '../enrollment-upsert.js'
import type { MemberIdentityRow, StoreDialect } from './store-dialect.js'

/** PostgreSQL: data-modifying CTEs fold several statements into one round trip. */
export const postgresDialect: StoreDialect = {
  name: 'postgres',

  async findOrInsertMember(db, { workspaceId, issuer, sub }, member) {
    // Read and insert in one statement. The identity goes in first, so a launch that loses the
    // first-launch race (its identity insert waits for the winner's, then does nothing) inserts
    // no member and leaves no orphan; the member's foreign key is checked at the statement's end.
    const { rows } = await sql<MemberIdentityRow>`
      with existing as (
        select m.id, m.workspace_id, m.name, m.email, m.role, m.lms_roles, m.created_at,
          m.updated_at, o.issuer, o.sub
        from member_identities i
        join members m on m.id = i.member_id
        join member_identities o on o.member_id = m.id
        where i.workspace_id = ${workspaceId} and i.issuer = ${issuer} and i.sub = ${sub}
      ),
      new_identity as (
        insert into member_identities (workspace_id, issuer, sub, member_id)
        select ${workspaceId}::text, ${issuer}::text, ${sub}::text, ${member.id}::text
        where not exists (select 1 from existing)
        on conflict do nothing
        returning issuer, sub
      ),
      new_member as (
        insert into members (id, workspace_id, name, email, role, lms_roles, created_at, updated_at)
        select ${member.id}::text, ${member.workspace_id}::text, ${member.name}::text,
          ${member.email}::text, ${member.role}::text, ${member.lms_roles}::text,
          ${member.created_at}::bigint, ${member.updated_at}::bigint
        from new_identity
        returning *
      )
      select * from existing
      union all
      select m.id, m.workspace_id, m.name, m.email, m.role, m.lms_roles, m.created_at,
        m.updated_at, i.issuer, i.sub
      from new_member m cross join new_identity i
    `.execute(db)
    return rows
  },

  async upsertEnrollmentAndLog(db, enrollment, log) {
    // A data-modifying CTE: both writes in one statement, so one round trip and all-or-nothing.
    await db
      .with('enrollment', (qc) => enrollmentUpsert(qc, enrollment).returning('member_id'))
      .insertInto('launch_log')
      .values(log)
      .execute()
  },
}
