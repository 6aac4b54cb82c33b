/**
 * The grade passback page of a workspace's admins, `/admin/workspaces/:ws/grades`, and its
 * Retry button, `POST /admin/workspaces/:ws/attempts/:id/retry` (the attempts API's retry).
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { LtiNotFound } from '../../core/errors.js'
import { loadAttemptPassbacks, retryPassback } from '../attempt-passback.js'
import type { AppEnv } from '../env.js'
import { parseInput } from '../read-input.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { GradesPage } from '../views/grades-page.js'
import { workspaceAdminPath } from '../views/tool-admin-layout.js'
import { loadNamedAdminPage } from '../workspace-names.js'
import { workspaceAdminGuards } from './tool-workspace-admin.js'

const PAGE_SIZE = 100

/** After a retry: how many posts went back in the queue (a number only: no text from a URL). */
const gradesQuery = z.object({ retried: z.coerce.number().int().min(0).max(10_000).optional() })

const attemptIdParam = z.string().min(1).max(100)

export function toolGradesPages(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const guards = workspaceAdminGuards(deps)
  const { stores } = deps

  app.get('/admin/workspaces/:ws/grades', async (c) => {
    const ctx = await guards.page(c)
    if (ctx instanceof Response) return ctx
    const { workspace } = ctx
    const { retried } = parseInput(gradesQuery, c.req.query())
    const attempts = await stores.attempts.list(workspace.id, { limit: PAGE_SIZE })
    const [rows, page] = await Promise.all([
      loadAttemptPassbacks(stores, attempts),
      loadNamedAdminPage(
        deps,
        ctx,
        attempts.map((a) => a.memberId),
      ),
    ])
    return c.html(
      <GradesPage
        {...page}
        attempts={rows}
        limit={PAGE_SIZE}
        {...(retried === undefined ? {} : { notice: retryNotice(retried) })}
      />,
    )
  })

  app.post('/admin/workspaces/:ws/attempts/:id/retry', async (c) => {
    const ctx = await guards.form(c)
    if (ctx instanceof Response) return ctx
    const { workspace } = ctx
    const id = parseInput(attemptIdParam, c.req.param('id'))
    const attempt = await stores.attempts.find(workspace.id, id)
    if (!attempt) throw new LtiNotFound('LTI_ATTEMPT_NOT_FOUND', 'no attempt with this ID')
    const requeued = await retryPassback(deps, attempt)
    c.get('log').info({ attemptId: attempt.id, requeued }, 'passback retry requested')
    // Post/redirect/get: a reload of the page does not post again.
    return c.redirect(`${workspaceAdminPath(workspace, 'grades')}?retried=${requeued}`, 303)
  })

  return app
}

function retryNotice(requeued: number): string {
  if (requeued === 0) return 'Nothing to retry: no failed post was waiting for this attempt.'
  return 'Retry queued: the tool posts the score to the LMS gradebook in a moment.'
}
