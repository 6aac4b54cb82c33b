/**
 * Attempts and grade passback for admins and the host product: list attempts with their results
 * and passback state, report a result (stored, then posted to the LMS by the passback worker),
 * and retry a passback that failed.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { z } from 'zod'
import { LtiNotFound, LtiRequestInvalid } from '../../core/errors.js'
import type { Attempt, AttemptResult, Workspace } from '../../tool/ports.js'
import { loadAttemptPassbacks, retryPassback } from '../attempt-passback.js'
import type { AttemptPassback } from '../attempt-passback.js'
import type { AppEnv } from '../env.js'
import { adminAuth } from '../middleware/admin-auth.js'
import { parseInput, readJson } from '../read-input.js'
import { recordAttemptResult } from '../record-attempt-result.js'
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
  const { stores } = deps
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

  const present = async (attempts: readonly Attempt[]) =>
    (await loadAttemptPassbacks(stores, attempts)).map(attemptJson)

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
    const { result, job } = await recordAttemptResult(
      deps,
      attempt,
      parsed.data.score,
      c.get('log'),
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
    const requeued = await retryPassback(deps, attempt)
    c.get('log').info({ attemptId: attempt.id, requeued }, 'passback retry requested')
    return c.json({ requeued }, 202)
  })

  return app
}

function attemptJson({ attempt, results, bestScore, passback }: AttemptPassback) {
  return {
    id: attempt.id,
    memberId: attempt.memberId,
    scenarioId: attempt.scenarioId,
    resourceLinkId: attempt.resourceLinkId,
    platformId: attempt.registrationId,
    startedAt: iso(attempt.createdAt),
    lastLaunchAt: iso(attempt.updatedAt),
    results: results.map(resultJson),
    bestScore: bestScore ?? null,
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
