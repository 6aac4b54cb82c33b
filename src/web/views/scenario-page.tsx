import type { Scenario } from '../../tool/ports.js'
import { Layout } from './layout.js'

export function ScenarioPage(props: { scenario: Scenario; learnerName?: string }) {
  const { scenario } = props
  return (
    <Layout title={scenario.title}>
      <div class="card">
        <span class="pill">Scenario</span>
        <h1 data-testid="scenario-title">{scenario.title}</h1>
        {scenario.description ? <p>{scenario.description}</p> : null}
        <p class="muted">
          Signed in{props.learnerName ? ` as ${props.learnerName}` : ''} through your learning
          platform.
        </p>
      </div>
    </Layout>
  )
}

export function ScenarioListPage(props: {
  workspaceName: string
  scenarios: Scenario[]
  linkOf: (scenario: Scenario) => string
}) {
  return (
    <Layout title={`${props.workspaceName}: scenarios`}>
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
        {props.scenarios.length === 0 ? <p>No scenarios yet.</p> : null}
      </div>
    </Layout>
  )
}
