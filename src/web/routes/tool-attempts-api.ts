/**
 * Attempts and grade passback for admins and the host product: list attempts with their results
 * and passback state, report a result (stored, then posted to the LMS by the passback worker),
 * and retry a passback that failed.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { z } from 'zod'
import { LtiConflict, LtiNotFound, LtiRequestInvalid } from '../../core/errors.js'
import { readAgsService } from '../../tool/ags/ags-service.js'
import { summarizePassback } from '../../tool/passback/summarize-passback.js'
import type { Attempt, AttemptResult, PassbackJob, Workspace } from '../../tool/ports.js'
import type { AppEnv } from '../env.js'
import { adminAuth } from '../middleware/admin-auth.js'
import { parseInput, readJson } from '../read-input.js'
import type { ToolAppDeps } from '../tool-deps.js'

const attemptsQuery = z.object({
  memberId: z.string().min(1).max(100).optional(),
  /** A scenario ID or slug. */
  scenario: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

const resultInput = z.object({ score: z.number().finite().min(0).max(100) }).strict()

export function toolAttemptsApi(deps: ToolAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { stores, clock } = deps
  app.use('*', adminAuth(deps.adminToken))

  async function workspaceOf(c: Context<AppEnv>): Promise<Workspace> {
    const workspace = await stores.workspaces.find(c.req.param('ws') ?? '')
    if (!workspace) {
      throw new LtiNotFound('LTI_WORKSPACE_NOT_FOUND', 'no workspace with this ID or slug')
    }
    return workspace
  }

  async function attemptOf(c: Context<AppEnv>): Promise<Attempt> {
    const workspace = await workspaceOf(c)
    const attempt = await stores.attempts.find(workspace.id, c.req.param('id') ?? '')
    if (!attempt) throw new LtiNotFound('LTI_ATTEMPT_NOT_FOUND', 'no attempt with this ID')
    return attempt
  }

  async function present(attempts: readonly Attempt[]) {
    const ids = attempts.map((a) => a.id)
    const [results, jobs] = await Promise.all([
      stores.attempts.listResults(ids),
      stores.passback.listJobs(ids),
    ])
    return attempts.map((attempt) =>
      attemptJson(
        attempt,
        results.filter((r) => r.attemptId === attempt.id),
        jobs.filter((j) => j.attemptId === attempt.id),
      ),
    )
  }

  app.get('/workspaces/:ws/attempts', async (c) => {
    const workspace = await workspaceOf(c)
    const query = parseInput(attemptsQuery, c.req.query())
    let scenarioId: string | undefined
    if (query.scenario !== undefined) {
      const scenario = await stores.scenarios.find(workspace.id, query.scenario)
      if (!scenario) return c.json([])
      scenarioId = scenario.id
    }
    const attempts = await stores.attempts.list(workspace.id, {
      ...(query.memberId ? { memberId: query.memberId } : {}),
      ...(scenarioId ? { scenarioId } : {}),
      limit: query.limit,
    })
    return c.json(await present(attempts))
  })

  app.get('/workspaces/:ws/attempts/:id', async (c) => {
    const [json] = await present([await attemptOf(c)])
    return c.json(json)
  })

  app.post('/workspaces/:ws/attempts/:id/results', async (c) => {
    const attempt = await attemptOf(c)
    const parsed = resultInput.safeParse(await readJson(c, z.unknown()))
    if (!parsed.success) {
      throw new LtiRequestInvalid('LTI_SCORE_INVALID', 'score must be a number from 0 to 100', {
        fields: { score: 'a number from 0 to 100' },
      })
    }
    const at = clock.now()
    // Without a score service the result is still kept, and its passback shows why it is not sent.
    const { result, job } = await stores.attempts.recordResult({
      attemptId: attempt.id,
      score: parsed.data.score,
      at,
      passback: readAgsService(attempt.agsEndpoint)
        ? { state: 'pending' }
        : {
            state: 'not_applicable',
            errorCode: 'LTI_AGS_NOT_AVAILABLE',
            error: 'the launch carried no AGS claim with the score scope and a line item',
          },
    })
    c.get('log').info(
      { attemptId: attempt.id, resultId: result.id, passback: job.state },
      'result recorded',
    )
    return c.json(
      {
        result: resultJson(result),
        passback: { status: job.state === 'pending' ? 'pending' : 'not-applicable' },
      },
      202,
    )
  })

  app.post('/workspaces/:ws/attempts/:id/passback/retry', async (c) => {
    const attempt = await attemptOf(c)
    if (!readAgsService(attempt.agsEndpoint)) {
      throw new LtiConflict('LTI_AGS_NOT_AVAILABLE', 'this attempt has no grade passback', {
        cause: { attemptId: attempt.id },
      })
    }
    const requeued = await stores.passback.requeue(attempt.id, clock.now())
    c.get('log').info({ attemptId: attempt.id, requeued }, 'passback retry requested')
    return c.json({ requeued }, 202)
  })

  return app
}

function attemptJson(attempt: Attempt, results: AttemptResult[], jobs: PassbackJob[]) {
  const passback = summarizePassback(jobs, readAgsService(attempt.agsEndpoint) !== undefined)
  const scores = results.map((r) => r.score)
  return {
    id: attempt.id,
    memberId: attempt.memberId,
    scenarioId: attempt.scenarioId,
    resourceLinkId: attempt.resourceLinkId,
    platformId: attempt.registrationId,
    startedAt: iso(attempt.createdAt),
    lastLaunchAt: iso(attempt.updatedAt),
    results: results.map(resultJson),
    bestScore: scores.length > 0 ? Math.max(...scores) : null,
    passback: passback
      ? {
          ...passback,
          ...(passback.nextTryAt === undefined ? {} : { nextTryAt: iso(passback.nextTryAt) }),
        }
      : null,
  }
}

function resultJson(result: AttemptResult) {
  return { id: result.id, score: result.score, at: iso(result.at) }
}

function iso(at: number): string {
  return new Date(at).toISOString()
}
