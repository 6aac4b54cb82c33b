/**
 * Submission review, tool side: an instructor's LtiSubmissionReviewRequest opens a read-only page
 * of the learner's attempts at the reviewed resource link.
 * @see https://www.imsglobal.org/spec/lti-sr/v1p0/
 */
import { Hono } from 'hono'
import { LtiNotFound, LtiTokenInvalid } from '../../core/errors.js'
import type { LaunchResult } from '../../tool/launch.js'
import { readAgsService } from '../../tool/ags/ags-service.js'
import { summarizePassback } from '../../tool/passback/summarize-passback.js'
import type { Workspace } from '../../tool/ports.js'
import { openReviewToken, sealReviewToken } from '../../tool/submission-review/review-token.js'
import type { AppEnv } from '../env.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { ltiBasePath } from '../tool-urls.js'
import { AttemptReviewPage } from '../views/attempt-review.js'
import type { ReviewedAttempt } from '../views/attempt-review.js'

/**
 * Answers a validated review launch (the launch has checked the reviewer teaches) with a 303 to
 * the review page, so a reload never re-posts the id_token.
 */
export async function submissionReviewRedirect(
  deps: ToolAppDeps,
  workspace: Workspace,
  result: LaunchResult,
  headers: Headers,
): Promise<Response> {
  const review = result.review
  if (!review) throw new TypeError('not a submission review launch')
  const token = await sealReviewToken(
    {
      workspaceId: workspace.id,
      registrationId: result.registration.id,
      resourceLinkId: review.resourceLinkId,
      forUserId: review.forUserId,
      ...(review.forUserName ? { forUserName: review.forUserName } : {}),
      ...(result.scenario ? { scenarioId: result.scenario.id } : {}),
      reviewerId: result.member.id,
    },
    deps.sessionSecret,
    deps.clock,
  )
  headers.set('location', `${reviewPath(deps.publicUrl, workspace.id)}?token=${token}`)
  headers.set('cache-control', 'no-store')
  return new Response(null, { status: 303, headers })
}

/** The review page: `GET /lti/{workspace ID}/review?token=`. */
export function toolSubmissionReviewRoutes(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { stores } = deps

  app.get('/:ws/review', async (c) => {
    c.set('browserFlow', true)
    const token = c.req.query('token')
    if (!token) throw new LtiTokenInvalid('LTI_SESSION_INVALID', 'no review token')
    const workspaceId = c.req.param('ws')
    const review = await openReviewToken(token, workspaceId, deps.sessionSecret, deps.clock)
    const attempts = await stores.attempts.list(workspaceId, {
      registrationId: review.registrationId,
      resourceLinkId: review.resourceLinkId,
      userId: review.forUserId,
      ...(review.scenarioId ? { scenarioId: review.scenarioId } : {}),
    })
    const ids = attempts.map((a) => a.id)
    const [results, jobs, scenarios, learner] = await Promise.all([
      stores.attempts.listResults(ids),
      stores.passback.listJobs(ids),
      stores.scenarios.list(workspaceId),
      attempts[0] ? stores.members.findById(workspaceId, attempts[0].memberId) : undefined,
    ])
    if (!(await stores.workspaces.find(workspaceId))) {
      throw new LtiNotFound('LTI_WORKSPACE_NOT_FOUND', 'workspace removed')
    }
    const shown: ReviewedAttempt[] = attempts.map((attempt) => {
      const own = results.filter((r) => r.attemptId === attempt.id)
      const passback = summarizePassback(
        jobs.filter((j) => j.attemptId === attempt.id),
        readAgsService(attempt.agsEndpoint) !== undefined,
      )
      return {
        id: attempt.id,
        scenarioTitle: scenarios.find((s) => s.id === attempt.scenarioId)?.title ?? 'Scenario',
        startedAt: attempt.createdAt,
        results: own.map((r) => ({ score: r.score, at: r.at })),
        ...(own.length > 0 ? { bestScore: Math.max(...own.map((r) => r.score)) } : {}),
        ...(passback ? { passback: passback.status } : {}),
      }
    })
    c.header('cache-control', 'no-store')
    c.header('referrer-policy', 'no-referrer')
    return c.html(
      <AttemptReviewPage
        learnerName={learner?.name ?? review.forUserName ?? review.forUserId}
        attempts={shown}
      />,
    )
  })

  return app
}

function reviewPath(publicUrl: string, workspaceId: string): string {
  return `${new URL(publicUrl).pathname.replace(/\/+$/, '')}${ltiBasePath(workspaceId)}/review`
}
