import type { Scenario } from '../../tool/ports.js'
import { Layout } from './layout.js'

export interface ContentPickerProps {
  workspaceName: string
  scenarios: readonly Scenario[]
  /** Where the form posts: the workspace's deep linking answer URL. */
  action: string
  /** The sealed picker token (see `tool/deep-linking/picker-token`). */
  token: string
  /** DL 2.0 §4.4.1 `accept_multiple`: checkboxes instead of radio buttons. */
  multiple: boolean
  /** DL 2.0 §4.4.1 `accept_lineitem`: offer a gradebook column. */
  lineItem: boolean
  defaultScoreMaximum: number
  /** The platform's `title` and `text` for the picker, when it sent them. */
  heading?: string
  text?: string
}

/** The scenario picker an instructor sees after an LtiDeepLinkingRequest. */
export function ContentPickerPage(props: ContentPickerProps) {
  const inputType = props.multiple ? 'checkbox' : 'radio'
  return (
    <Layout title={props.heading ?? `${props.workspaceName}: add a scenario`}>
      <div class="card">
        <span class="pill">Add to your course</span>
        <h1>{props.heading ?? 'Choose a scenario'}</h1>
        <p class="muted">
          {props.text ??
            (props.multiple
              ? 'Pick one or more scenarios; each becomes an activity in your course.'
              : 'Pick a scenario; it becomes an activity in your course.')}
        </p>
        <form method="post" action={props.action} data-testid="content-picker">
          <input type="hidden" name="token" value={props.token} />
          <ul class="list">
            {props.scenarios.map((scenario) => (
              <li>
                <label>
                  <input
                    type={inputType}
                    name="scenario"
                    value={scenario.id}
                    required={!props.multiple}
                  />{' '}
                  <strong>{scenario.title}</strong>
                </label>
                {scenario.description ? <div class="muted">{scenario.description}</div> : null}
              </li>
            ))}
          </ul>
          {props.scenarios.length === 0 ? <p>This workspace has no scenarios yet.</p> : null}
          {props.lineItem ? (
            <p>
              <label>
                <input type="checkbox" name="lineItem" value="1" checked /> Add a gradebook column
                worth{' '}
              </label>
              <input
                type="number"
                name="scoreMaximum"
                min="1"
                max="10000"
                step="any"
                value={String(props.defaultScoreMaximum)}
                aria-label="Points"
              />{' '}
              points
            </p>
          ) : null}
          <p>
            <button type="submit" name="action" value="select">
              Add to course
            </button>{' '}
            <button type="submit" name="action" value="cancel" formnovalidate>
              Cancel
            </button>
          </p>
        </form>
      </div>
    </Layout>
  )
}

/**
 * DL 2.0 §4.5: the response travels as a form POST (field `JWT`) from the browser to the
 * platform's return URL; the page posts itself, with a button for browsers without script.
 */
export function AutoPostPage(props: { action: string; jwt: string }) {
  return (
    <Layout title="Returning to your course">
      <div class="card">
        <h1>Returning to your course…</h1>
        <form method="post" action={props.action} data-testid="deep-linking-response">
          <input type="hidden" name="JWT" value={props.jwt} />
          <noscript>
            <button type="submit">Continue</button>
          </noscript>
        </form>
        <script>{'document.forms[0].submit()'}</script>
      </div>
    </Layout>
  )
}
