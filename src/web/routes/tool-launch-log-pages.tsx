/**
 * The launch log pages of a workspace's admins: `/admin/workspaces/:ws/launches` (newest first,
 * paged by key, searchable by correlation ID) and `/admin/workspaces/:ws/launches/:correlationId`.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env.js'
import { parseInput } from '../read-input.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { LaunchDetailPage, LaunchLogPage, LaunchNotFoundPage } from '../views/launch-log-pages.js'
import { loadNamedAdminPage } from '../workspace-names.js'
import { workspaceAdminGuards } from './tool-workspace-admin.js'

const PAGE_SIZE = 50

/** `before=<at>.<id>`: the last entry of the previous page. */
const BEFORE = /^(\d{1,15})\.([A-Za-z0-9-]{1,64})$/

const listQuery = z.object({
  // Correlation IDs are lower-case UUIDs; one typed in capitals is the same reference.
  q: z.string().trim().toLowerCase().max(100).optional(),
  before: z.string().regex(BEFORE).optional(),
})

const correlationIdParam = z.string().min(1).max(100)

export function toolLaunchLogPages(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const guards = workspaceAdminGuards(deps)
  const { stores } = deps

  app.get('/admin/workspaces/:ws/launches', async (c) => {
    const ctx = await guards.page(c)
    if (ctx instanceof Response) return ctx
    const { workspace } = ctx
    const query = parseInput(listQuery, c.req.query())
    const q = query.q || undefined
    const cursor = query.before ? BEFORE.exec(query.before) : null
    const before = cursor ? { at: Number(cursor[1]), id: cursor[2] as string } : undefined
    // One more than a page: whether an older page exists, without counting.
    const found = await stores.launches.listLaunches(workspace.id, {
      limit: PAGE_SIZE + 1,
      ...(q ? { correlationId: q } : {}),
      ...(before ? { before } : {}),
    })
    const launches = found.slice(0, PAGE_SIZE)
    const last = launches.at(-1)
    const older =
      found.length > PAGE_SIZE && last
        ? new URLSearchParams({ ...(q ? { q } : {}), before: `${last.at}.${last.id}` }).toString()
        : undefined
    const page = await loadNamedAdminPage(
      deps,
      ctx,
      launches.map((l) => l.memberId),
    )
    return c.html(
      <LaunchLogPage
        {...page}
        launches={launches}
        {...(q ? { q } : {})}
        {...(older ? { older } : {})}
        paged={before !== undefined}
      />,
    )
  })

  app.get('/admin/workspaces/:ws/launches/:correlationId', async (c) => {
    const ctx = await guards.page(c)
    if (ctx instanceof Response) return ctx
    const { workspace } = ctx
    const correlationId = parseInput(correlationIdParam, c.req.param('correlationId'))
    const launch = await stores.launches.findLaunch(workspace.id, correlationId.toLowerCase())
    if (!launch) {
      return c.html(
        <LaunchNotFoundPage
          workspace={workspace}
          admin={ctx.admin}
          correlationId={correlationId}
        />,
        404,
      )
    }
    const page = await loadNamedAdminPage(deps, ctx, [launch.memberId])
    return c.html(<LaunchDetailPage {...page} launch={launch} />)
  })

  return app
}
