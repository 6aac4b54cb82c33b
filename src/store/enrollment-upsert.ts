import type { Insertable, QueryCreator } from 'kysely'
import type { Database, EnrollmentsTable } from './schema.js'

/** The enrollment upsert, on a handle or inside a CTE: the latest launch's roles win. */
export function enrollmentUpsert(qc: QueryCreator<Database>, row: Insertable<EnrollmentsTable>) {
  return qc
    .insertInto('enrollments')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['member_id', 'context_ref']).doUpdateSet((eb) => ({
        roles: eb.ref('excluded.roles'),
        last_launch_at: eb.ref('excluded.last_launch_at'),
      })),
    )
}
