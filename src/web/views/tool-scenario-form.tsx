/**
 * Creating and editing a scenario: title, slug (fixed once created: LMS activities name the
 * scenario by it), description and the script, pasted as JSON or uploaded as a file. A refused
 * post shows each field's problem next to it; the script's problems name the node and reply.
 */
import type { ScriptProblem } from '../../tool/scenarios/scenario-script.js'
import { SCRIPT_LIMITS } from '../../tool/scenarios/scenario-script.js'
import type { ToolAdminHeaderAdmin } from './tool-admin-layout.js'
import { ToolAdminLayout, workspaceAdminPath } from './tool-admin-layout.js'
import { FormErrorSummary } from './tool-form-errors.js'
import type { AdminWorkspaceRef } from './tool-scenario-pages.js'

export type ScenarioFormField = 'title' | 'slug' | 'description' | 'script'

export interface ScenarioFormState {
  readonly values: Partial<Record<ScenarioFormField, string>>
  readonly errors: Partial<Record<ScenarioFormField, string>>
  /** Every problem of a refused script, in the order an author fixes them. */
  readonly scriptProblems?: readonly ScriptProblem[]
}

export interface ScenarioFormPageProps {
  readonly workspace: AdminWorkspaceRef
  readonly admin?: ToolAdminHeaderAdmin
  /** Absent: a new scenario. */
  readonly editing?: { readonly slug: string; readonly title: string }
  readonly action: string
  readonly state: ScenarioFormState
}

const LABELS: Record<ScenarioFormField, string> = {
  title: 'Title',
  slug: 'Slug',
  description: 'Description',
  script: 'Script',
}

const EXAMPLE = `{
  "version": 1,
  "persona": { "name": "Dana Whitfield", "role": "Operations manager" },
  "briefing": "You are calling Dana to book a meeting.",
  "start": "opening",
  "nodes": [
    { "id": "opening", "text": "Dana speaking. Who's this?",
      "replies": [
        { "id": "r1", "text": "Hi Dana, may I take 30 seconds?", "points": 20, "next": "booked",
          "coaching": "Asking permission respects her time." },
        { "id": "r2", "text": "Got a minute for a demo?", "points": 0, "next": "booked" }
      ] }
  ],
  "endings": [{ "id": "booked", "text": "Fine, send me an invite." }],
  "feedback": [
    { "minScore": 80, "title": "Great call", "text": "..." },
    { "minScore": 0, "title": "Keep practising", "text": "..." }
  ]
}`

export function ScenarioFormPage(props: ScenarioFormPageProps) {
  const { workspace, editing, state } = props
  const title = editing ? `Edit ${editing.title}` : 'New scenario'
  const failed = (Object.keys(LABELS) as ScenarioFormField[]).filter((f) => state.errors[f])
  const value = (field: ScenarioFormField) => state.values[field] ?? ''
  return (
    <ToolAdminLayout
      title={title}
      workspace={workspace}
      section="scenarios"
      {...(props.admin ? { admin: props.admin } : {})}
    >
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <ol>
          <li>
            <a href={workspaceAdminPath(workspace, 'scenarios')}>Scenarios</a>
          </li>
          <li aria-current="page">{editing ? editing.title : 'New scenario'}</li>
        </ol>
      </nav>
      <h1>{title}</h1>
      <form
        method="post"
        action={props.action}
        enctype="multipart/form-data"
        class="card"
        novalidate
      >
        <FormErrorSummary
          subject="scenario"
          problems={failed.map((field) => ({
            field,
            label: LABELS[field],
            message: state.errors[field] ?? '',
          }))}
        />
        <TextField field="title" value={value('title')} error={state.errors.title} />
        {editing ? (
          <p>
            Slug: <span class="ref">{editing.slug}</span>{' '}
            <span class="muted">(fixed: LMS activities open the scenario by it)</span>
          </p>
        ) : (
          <TextField
            field="slug"
            value={value('slug')}
            error={state.errors.slug}
            hint='Lowercase letters, digits and dashes, e.g. "cold-call-objections". LMS activities open the scenario with the custom property scenario_id=<slug>; it cannot change later.'
          />
        )}
        <div class="field">
          <label for="description">Description</label>
          <span class="hint" id="description-hint">
            Optional: one or two sentences learners see before they start.
          </span>
          <textarea
            id="description"
            name="description"
            rows={2}
            maxlength={4000}
            aria-describedby={describedBy('description', state.errors.description)}
            aria-invalid={state.errors.description ? 'true' : undefined}
          >
            {value('description')}
          </textarea>
          <FieldError field="description" error={state.errors.description} />
        </div>
        <div class="field">
          <label for="script">Script (JSON)</label>
          <span class="hint" id="script-hint">
            Paste the script, or upload it below as a .json file (at most{' '}
            {SCRIPT_LIMITS.maxBytes / 1024} KiB; a file replaces the text). Leave both empty to save
            the scenario without a script.
          </span>
          <textarea
            id="script"
            name="script"
            rows={16}
            spellcheck={false}
            class="ref"
            aria-describedby={describedBy('script', state.errors.script)}
            aria-invalid={state.errors.script ? 'true' : undefined}
            data-testid="script-text"
          >
            {value('script')}
          </textarea>
          <FieldError field="script" error={state.errors.script} />
          {state.scriptProblems && state.scriptProblems.length > 1 ? (
            <ul class="field-error" data-testid="script-problems">
              {state.scriptProblems.map((problem) => (
                <li>
                  {problem.path ? <span class="ref">{problem.path}</span> : null} {problem.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <div class="field">
          <label for="scriptFile">Script file</label>
          <input
            id="scriptFile"
            name="scriptFile"
            type="file"
            accept=".json,application/json"
            data-testid="script-file"
          />
        </div>
        <details class="field">
          <summary>Script format</summary>
          <p class="muted">
            The persona speaks each node's text; the learner picks one of its replies. Each reply
            earns points and leads ("next") to another node or to an ending. The score is the points
            earned out of the best path's total, so a perfect run scores 100; the feedback band with
            the highest minScore at or below the score is shown. IDs use letters, digits, "-" and
            "_". No loops; at most {SCRIPT_LIMITS.maxNodes} nodes and {SCRIPT_LIMITS.maxTurns}{' '}
            replies in one play; coaching is optional.
          </p>
          <pre class="ref">{EXAMPLE}</pre>
        </details>
        <div class="row">
          <button type="submit" data-testid="save-scenario">
            {editing ? 'Save changes' : 'Create scenario'}
          </button>
          <a
            href={
              editing
                ? workspaceAdminPath(workspace, 'scenarios', editing.slug)
                : workspaceAdminPath(workspace, 'scenarios')
            }
          >
            Cancel
          </a>
        </div>
      </form>
    </ToolAdminLayout>
  )
}

function TextField(props: {
  field: 'title' | 'slug'
  value: string
  error: string | undefined
  hint?: string
}) {
  const { field } = props
  return (
    <div class="field">
      <label for={field}>{LABELS[field]}</label>
      {props.hint ? (
        <span class="hint" id={`${field}-hint`}>
          {props.hint}
        </span>
      ) : null}
      <input
        id={field}
        name={field}
        type="text"
        value={props.value}
        required
        maxlength={field === 'slug' ? 64 : 200}
        aria-describedby={describedBy(field, props.error, Boolean(props.hint))}
        aria-invalid={props.error ? 'true' : undefined}
      />
      <FieldError field={field} error={props.error} />
    </div>
  )
}

function FieldError(props: { field: ScenarioFormField; error: string | undefined }) {
  return props.error ? (
    <span class="field-error" id={`${props.field}-error`} data-testid={`${props.field}-error`}>
      {props.error}
    </span>
  ) : null
}

function describedBy(field: string, error: string | undefined, hint = true): string | undefined {
  const ids = [hint ? `${field}-hint` : '', error ? `${field}-error` : ''].filter(Boolean)
  return ids.length > 0 ? ids.join(' ') : undefined
}
