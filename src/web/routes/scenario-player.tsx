/**
 * The scenario player's two form posts: start a play, and answer the line it stands at. The play
 * lives in the form (a sealed token, `play-token.ts`) and is replayed against the scenario's
 * script at every step, so the server trusts no points or path the browser sends. The last reply
 * records the result in the learner's attempt, which the passback worker posts to the LMS
 * (best-of-N); the play's nonce makes sure one finished play is recorded once.
 */
import type { Context } from 'hono'
import { LtiRequestInvalid } from '../../core/errors.js'
import type { Attempt, Scenario } from '../../tool/ports.js'
import { parseScenarioScriptJson } from '../../tool/scenarios/parse-scenario-script.js'
import { advance, feedbackOf, scoreOf, startPlay } from '../../tool/scenarios/play.js'
import type { Play } from '../../tool/scenarios/play.js'
import {
  newPlayState,
  openPlayToken,
  scriptVersionOf,
  sealPlayToken,
} from '../../tool/scenarios/play-token.js'
import type { PlayState } from '../../tool/scenarios/play-token.js'
import type { ScenarioScript } from '../../tool/scenarios/scenario-script.js'
import type { LearnerSession } from '../../tool/session-token.js'
import type { AppEnv } from '../env.js'
import { readPageForm } from '../read-input.js'
import { recordAttemptResult } from '../record-attempt-result.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { ScenarioWithoutScriptPage } from '../views/scenario-page.js'
import { PlayEndPage, PlayRestartPage, PlayStepPage } from '../views/scenario-play-page.js'
import type { PlayOutcome } from '../views/scenario-play-page.js'
import { SESSION_TTL_SECONDS, playActionPath } from './learner-session.js'
import { assertSameOriginPost } from './platform-page-kit.js'

export interface LearnerContext {
  readonly session: LearnerSession
  /** The session token, for the links and form actions of the next page. */
  readonly token: string
}

interface LoadedScript {
  readonly script: ScenarioScript
  readonly version: string
}

/** Scripts are checked when saved; parsed once per text here, a few at a time. */
const parsedScripts = new Map<string, ScenarioScript | undefined>()
const MAX_PARSED = 32

/** The scenario's script, or `undefined` when it has none (or a stored one no longer parses). */
export function scriptOf(scenario: Scenario): { script: ScenarioScript; text: string } | undefined {
  const text = scenario.script
  if (text === undefined) return undefined
  if (!parsedScripts.has(text)) {
    const parsed = parseScenarioScriptJson(text)
    if (parsedScripts.size >= MAX_PARSED) parsedScripts.clear()
    parsedScripts.set(text, parsed.ok ? parsed.script : undefined)
  }
  const script = parsedScripts.get(text)
  return script && { script, text }
}

/**
 * The attempt a finished play of `scenario` counts for: the one the launch opened, when the
 * session was launched into this very scenario. Other scenarios of the list are practice.
 */
export async function gradedAttemptOf(
  deps: Pick<ToolAppDeps, 'stores'>,
  session: LearnerSession,
  scenario: Scenario,
): Promise<Attempt | undefined> {
  if (!session.attemptId || session.scenarioId !== scenario.id) return undefined
  const attempt = await deps.stores.attempts.find(session.workspaceId, session.attemptId)
  return attempt?.memberId === session.memberId && attempt.scenarioId === scenario.id
    ? attempt
    : undefined
}

export async function bestScoreOf(
  deps: Pick<ToolAppDeps, 'stores'>,
  attempt: Attempt,
): Promise<number | undefined> {
  const results = await deps.stores.attempts.listResults([attempt.id])
  return results.length > 0 ? Math.max(...results.map((r) => r.score)) : undefined
}

export async function playStart(
  c: Context<AppEnv>,
  deps: ToolAppDeps,
  learner: LearnerContext,
  scenario: Scenario,
): Promise<Response> {
  assertSameOriginPost(c, deps.publicUrl)
  const loaded = await loadScript(scenario)
  if (!loaded) return c.html(<ScenarioWithoutScriptPage scenario={scenario} />)
  const state = newPlayState(
    ownerOf(learner.session, scenario),
    loaded.version,
    deps.clock,
    SESSION_TTL_SECONDS,
  )
  return step(c, deps, learner, scenario, loaded.script, state, startPlay(loaded.script))
}

export async function playReply(
  c: Context<AppEnv>,
  deps: ToolAppDeps,
  learner: LearnerContext,
  scenario: Scenario,
): Promise<Response> {
  assertSameOriginPost(c, deps.publicUrl)
  const form = await readPageForm(c)
  const token = form.get('play') ?? ''
  const replyId = form.get('reply') ?? ''
  if (replyId.length === 0 || replyId.length > 64) {
    throw new LtiRequestInvalid('LTI_SCENARIO_PLAY_INVALID', 'no reply chosen')
  }
  const state = await openPlayToken(
    token,
    ownerOf(learner.session, scenario),
    deps.sessionSecret,
    deps.clock,
  )
  const loaded = await loadScript(scenario)
  if (!loaded) return c.html(<ScenarioWithoutScriptPage scenario={scenario} />)
  const startAction = actionOf(learner, scenario, 'start')
  if (loaded.version !== state.scriptVersion) {
    return c.html(<PlayRestartPage title={scenario.title} startAction={startAction} />)
  }
  const play = advance(loaded.script, state.path, replyId)
  const next = { ...state, path: play.path }
  if (!play.ending) return step(c, deps, learner, scenario, loaded.script, next, play)

  const score = scoreOf(loaded.script, play.path)
  const attempt = await gradedAttemptOf(deps, learner.session, scenario)
  const outcome = await recordOnce(c, deps, next, attempt, score)
  const bestScore = attempt ? await bestScoreOf(deps, attempt) : undefined
  c.get('log').info(
    { scenarioId: scenario.id, attemptId: attempt?.id, score, outcome: outcome.kind },
    'scenario play finished',
  )
  return c.html(
    <PlayEndPage
      title={scenario.title}
      script={loaded.script}
      play={play}
      score={score}
      feedback={feedbackOf(loaded.script, play.ending, score)}
      outcome={outcome}
      startAction={startAction}
      {...(bestScore === undefined ? {} : { bestScore })}
    />,
  )
}

/** Records the score unless this play was finished before (a reload, a second click). */
async function recordOnce(
  c: Context<AppEnv>,
  deps: ToolAppDeps,
  state: PlayState,
  attempt: Attempt | undefined,
  score: number,
): Promise<PlayOutcome> {
  const first = await deps.stores.nonces.consumeNonce(
    `scenario-play:${state.nonce}`,
    state.expiresAt,
  )
  if (!first) return { kind: 'already-recorded' }
  if (!attempt) return { kind: 'practice' }
  const { job } = await recordAttemptResult(deps, attempt, score, c.get('log'))
  return { kind: job.state === 'pending' ? 'sent' : 'not-sent' }
}

async function step(
  c: Context<AppEnv>,
  deps: ToolAppDeps,
  learner: LearnerContext,
  scenario: Scenario,
  script: ScenarioScript,
  state: PlayState,
  play: Play,
): Promise<Response> {
  return c.html(
    <PlayStepPage
      title={scenario.title}
      script={script}
      play={play}
      replyAction={actionOf(learner, scenario, 'reply')}
      playToken={await sealPlayToken(state, deps.sessionSecret)}
    />,
  )
}

async function loadScript(scenario: Scenario): Promise<LoadedScript | undefined> {
  const loaded = scriptOf(scenario)
  return loaded && { script: loaded.script, version: await scriptVersionOf(loaded.text) }
}

function ownerOf(session: LearnerSession, scenario: Scenario) {
  return { workspaceId: session.workspaceId, scenarioId: scenario.id, memberId: session.memberId }
}

function actionOf(learner: LearnerContext, scenario: Scenario, action: 'start' | 'reply') {
  return playActionPath(learner.session.workspaceId, scenario.id, action, learner.token)
}
