/** The learner's pages before a play: the workspace's scenario list and a scenario's briefing. */
import type { Scenario } from '../../tool/ports.js'
import type { ScenarioScript } from '../../tool/scenarios/scenario-script.js'
import { PlayerLayout, initialsOf } from './player-layout.js'

export interface ScenarioPageProps {
  readonly scenario: Scenario
  readonly script: ScenarioScript
  readonly learnerName?: string
  /** Where the Start button posts. */
  readonly startAction: string
  /** The learner's best score in this activity so far, when graded. */
  readonly bestScore?: number
}

/** The briefing: who the learner talks to, the situation and the goal, and the Start button. */
export function ScenarioPage(props: ScenarioPageProps) {
  const { scenario, script } = props
  return (
    <PlayerLayout title={scenario.title}>
      <div class="card">
        <span class="pill">Roleplay</span>
        <h1 data-testid="scenario-title">{scenario.title}</h1>
        {scenario.description ? <p class="muted">{scenario.description}</p> : null}
        <Persona script={script} />
        <h2>Your situation</h2>
        <p data-testid="briefing">{script.briefing}</p>
        <p class="muted small">
          Read each line, then pick the reply you would give. Every reply counts towards a score out
          of 100; the best conversation scores 100.
        </p>
        {props.bestScore === undefined ? null : (
          <p data-testid="best-score">Your best score so far: {props.bestScore}</p>
        )}
        <form method="post" action={props.startAction}>
          <button type="submit" class="button" data-testid="start">
            Start the conversation
          </button>
        </form>
        <SignedIn learnerName={props.learnerName} />
      </div>
    </PlayerLayout>
  )
}

function SignedIn(props: { learnerName?: string | undefined }) {
  return (
    <p class="muted small">
      Signed in{props.learnerName ? ` as ${props.learnerName}` : ''} through your learning platform.
    </p>
  )
}

export function Persona(props: { script: ScenarioScript }) {
  const { persona } = props.script
  return (
    <div class="persona">
      <span class="avatar" aria-hidden="true">
        {initialsOf(persona.name)}
      </span>
      <div>
        <strong data-testid="persona-name">{persona.name}</strong>
        {persona.role ? <div class="muted small">{persona.role}</div> : null}
      </div>
    </div>
  )
}

/** A scenario an admin has created but not yet written. */
export function ScenarioWithoutScriptPage(props: { scenario: Scenario; learnerName?: string }) {
  return (
    <PlayerLayout title={props.scenario.title}>
      <div class="card" data-testid="no-script">
        <span class="pill">Roleplay</span>
        <h1 data-testid="scenario-title">{props.scenario.title}</h1>
        <h2>This scenario has no script yet</h2>
        <p>
          The conversation for this activity has not been written yet, so there is nothing to play
          for now. Please check back later, or let your instructor know.
        </p>
        <SignedIn learnerName={props.learnerName} />
      </div>
    </PlayerLayout>
  )
}

export function ScenarioListPage(props: {
  workspaceName: string
  scenarios: Scenario[]
  linkOf: (scenario: Scenario) => string
}) {
  return (
    <PlayerLayout title={`${props.workspaceName}: scenarios`}>
      <div class="card">
        <h1>{props.workspaceName}</h1>
        <p class="muted">Choose a scenario to practise.</p>
        <ul class="list" data-testid="scenario-list">
          {props.scenarios.map((scenario) => (
            <li>
              <a href={props.linkOf(scenario)}>{scenario.title}</a>
              {scenario.description ? <div class="muted">{scenario.description}</div> : null}
            </li>
          ))}
        </ul>
        {props.scenarios.length === 0 ? (
          <p>There are no scenarios to practise yet. Check back later.</p>
        ) : null}
      </div>
    </PlayerLayout>
  )
}
