/**
 * The workspace admin's scenario pages: the list and one scenario with its script summary and,
 * once an LMS is connected, the LTI custom property to paste into an LMS activity.
 */
import type { Scenario } from '../../tool/ports.js'
import type { ScenarioScript } from '../../tool/scenarios/scenario-script.js'
import type { ScriptSummary } from '../../tool/scenarios/summarize-script.js'
import { COPY_BUTTON_SCRIPT_PATH } from '../static/copy-button.js'
import type { ToolAdminHeaderAdmin } from './tool-admin-layout.js'
import { ToolAdminLayout, workspaceAdminPath } from './tool-admin-layout.js'

export interface AdminWorkspaceRef {
  readonly id: string
  readonly slug: string
  readonly name: string
}

interface PageBase {
  readonly workspace: AdminWorkspaceRef
  readonly admin?: ToolAdminHeaderAdmin
  readonly notice?: string
}

export function ScenarioListAdminPage(props: PageBase & { scenarios: readonly Scenario[] }) {
  const { workspace } = props
  return (
    <ToolAdminLayout
      title="Scenarios"
      workspace={workspace}
      section="scenarios"
      {...(props.admin ? { admin: props.admin } : {})}
      {...(props.notice ? { notice: props.notice } : {})}
    >
      <div class="row">
        <h1>Scenarios</h1>
        <a
          class="button"
          href={workspaceAdminPath(workspace, 'scenarios', 'new')}
          data-testid="new-scenario"
        >
          New scenario
        </a>
      </div>
      <p class="muted">
        The roleplays learners play. Each scenario is a branching conversation written as a script;
        an LMS activity opens one through its LTI custom property.
      </p>
      {props.scenarios.length === 0 ? (
        <p class="empty">
          No scenarios yet. Create one with "New scenario", then paste its script or upload it.
        </p>
      ) : (
        <div class="card table-scroll">
          <table class="table" data-testid="scenario-table">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Slug</th>
                <th scope="col">Script</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {props.scenarios.map((scenario) => (
                <tr data-testid={`scenario-row-${scenario.slug}`}>
                  <td>
                    <a href={workspaceAdminPath(workspace, 'scenarios', scenario.slug)}>
                      {scenario.title}
                    </a>
                  </td>
                  <td>
                    <span class="ref">{scenario.slug}</span>
                  </td>
                  <td>
                    <ScriptPill scenario={scenario} />
                  </td>
                  <td>{dateOf(scenario.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </ToolAdminLayout>
  )
}

function ScriptPill(props: { scenario: Scenario }) {
  return props.scenario.script === undefined ? (
    <span class="pill pill-warn">No script yet</span>
  ) : (
    <span class="pill pill-ok">Ready</span>
  )
}

export interface ScenarioDetailPageProps extends PageBase {
  readonly scenario: Scenario
  readonly script?: { readonly script: ScenarioScript; readonly summary: ScriptSummary }
  /** Whether the workspace has a connected LMS: only then is the custom property of use. */
  readonly lmsConnected: boolean
  /** Attempts of learners launched into this scenario (counted up to a bound). */
  readonly attempts: { readonly count: number; readonly more: boolean }
}

export function ScenarioDetailPage(props: ScenarioDetailPageProps) {
  const { workspace, scenario } = props
  const path = (...rest: string[]) => workspaceAdminPath(workspace, 'scenarios', ...rest)
  const property = `scenario_id=${scenario.slug}`
  return (
    <ToolAdminLayout
      title={scenario.title}
      workspace={workspace}
      section="scenarios"
      scripts={[COPY_BUTTON_SCRIPT_PATH]}
      {...(props.admin ? { admin: props.admin } : {})}
      {...(props.notice ? { notice: props.notice } : {})}
    >
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <ol>
          <li>
            <a href={workspaceAdminPath(workspace, 'scenarios')}>Scenarios</a>
          </li>
          <li aria-current="page">{scenario.title}</li>
        </ol>
      </nav>
      <div class="row">
        <h1 data-testid="scenario-title">{scenario.title}</h1>
        <ScriptPill scenario={scenario} />
      </div>
      {scenario.description ? <p class="muted">{scenario.description}</p> : null}
      <p id="copy-status" class="visually-hidden" role="status"></p>

      <section class="card stack" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <p>
          Slug: <span class="ref">{scenario.slug}</span>
        </p>
        {props.lmsConnected ? (
          <div class="field">
            <label for="custom-property">LTI custom property</label>
            <span class="hint">
              Paste this into the custom parameters of the LMS activity, so that its launches open
              this scenario.
            </span>
            <div class="copy">
              <input
                id="custom-property"
                type="text"
                readonly
                value={property}
                data-testid="custom-property"
                spellcheck={false}
              />
              <button
                type="button"
                class="button-secondary"
                data-copy-target="custom-property"
                data-copy-status="copy-status"
                aria-label="Copy LTI custom property"
                hidden
              >
                Copy
              </button>
            </div>
          </div>
        ) : (
          <p class="muted" data-testid="custom-property-hint">
            Connect an LMS under <a href={workspaceAdminPath(workspace, 'lti')}>LTI 1.3 settings</a>{' '}
            to get the LTI custom property that opens this scenario from an LMS activity.
          </p>
        )}
        <p data-testid="attempt-count">
          Learner attempts: {props.attempts.count}
          {props.attempts.more ? '+' : ''} (scores and their passback:{' '}
          <a href={workspaceAdminPath(workspace, 'grades')}>Grade passback</a>)
        </p>
        <div class="row">
          <a class="button" href={path(scenario.slug, 'edit')} data-testid="edit-scenario">
            Edit scenario
          </a>
          {props.script ? (
            <a class="button button-secondary" href={path(scenario.slug, 'script.json')} download>
              Download script
            </a>
          ) : null}
        </div>
      </section>

      {props.script ? (
        <ScriptSection {...props.script} />
      ) : (
        <section class="card">
          <h2>Script</h2>
          <p class="empty" data-testid="no-script">
            This scenario has no script yet, so learners see "no script yet" when they open it. Edit
            the scenario to paste or upload one.
          </p>
        </section>
      )}
    </ToolAdminLayout>
  )
}

function ScriptSection(props: { script: ScenarioScript; summary: ScriptSummary }) {
  const { script, summary } = props
  return (
    <section class="card stack" aria-labelledby="script-heading" data-testid="script-summary">
      <h2 id="script-heading">Script</h2>
      <p>
        The learner talks to <strong>{summary.persona}</strong>.
      </p>
      <p class="muted">{script.briefing}</p>
      <ul>
        <li>
          {summary.nodes} lines with {summary.replies} replies to choose from, and {summary.endings}{' '}
          endings
        </li>
        <li>
          A play takes{' '}
          {summary.shortestPlay === summary.longestPlay ? '' : `${summary.shortestPlay} to `}
          {summary.longestPlay} replies
        </li>
        <li>A perfect run earns {summary.bestPoints} points: a score of 100</li>
        <li>
          Feedback bands from{' '}
          {script.feedback
            .map((b) => b.minScore)
            .sort((a, b) => a - b)
            .join(', ')}
        </li>
      </ul>
      <details>
        <summary>Show the conversation</summary>
        <ol>
          {script.nodes.map((node) => (
            <li>
              <span class="ref">{node.id}</span> {node.speaker ?? script.persona.name}: {node.text}
              <ul>
                {node.replies.map((reply) => (
                  <li>
                    <span class="ref">{reply.id}</span> ({reply.points} points, then{' '}
                    <span class="ref">{reply.next}</span>) {reply.text}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      </details>
    </section>
  )
}

function dateOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10)
}
