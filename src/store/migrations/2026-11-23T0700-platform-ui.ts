import type { Kysely } from 'kysely'

/**
 * What the LMS pages need: platform users who may use the admin pages (`is_admin`, 1 or 0; an
 * integer because SQLite has no boolean), and how an activity opens (`presentation`: `iframe`
 * inside the course page, or `window`), the `document_target` its launches carry (Core 1.3
 * §5.4.3). Tool `status` is text already: `disabled` needs no schema change. Existing users are
 * no admins; existing activities open in an iframe.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('platform_users')
    .addColumn('is_admin', 'integer', (col) => col.notNull().defaultTo(0))
    .execute()
  await db.schema
    .alterTable('platform_resource_links')
    .addColumn('presentation', 'text', (col) => col.notNull().defaultTo('iframe'))
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('platform_resource_links').dropColumn('presentation').execute()
  await db.schema.alterTable('platform_users').dropColumn('is_admin').execute()
}
