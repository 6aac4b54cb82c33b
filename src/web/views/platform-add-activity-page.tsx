import type { Context } from '../../platform/ports.js'
import type { FieldErrors } from '../platform-form-fields.js'
import { Checkbox, FormErrorSummary, RadioGroup, TextField } from './platform-form-controls.js'
import { fieldId } from './platform-form-controls.js'
import type { HeaderUser } from './platform-layout.js'
import { PlatformLayout } from './platform-layout.js'

/** A tool an activity can be placed with: an LTI 1.3 tool or an LTI 1.1 one (issue #7). */
export interface ActivityTool {
  readonly id: string
  readonly name: string
  readonly ltiVersion: '1.3' | '1.1'
}

/** The "Add activity" form's fields as typed, kept when the form comes back with errors. */
export interface ActivityFormValues {
  readonly toolId?: string
  readonly title?: string
  readonly text?: string
  readonly customParameters?: string
  readonly presentation?: string
  readonly graded?: boolean
  readonly scoreMaximum?: string
}

const LABELS = {
  toolId: 'Tool',
  title: 'Title',
  text: 'Description',
  customParameters: 'Custom parameters',
  presentation: 'Opens',
  scoreMaximum: 'Maximum points',
} as const

/**
 * An instructor places an activity of a registered tool in the course: its title, custom
 * parameters for the tool (Core 1.3 §5.4.6), how it opens, and whether it is graded.
 */
export function AddActivityPage(props: {
  user: HeaderUser
  context: Context
  tools: readonly ActivityTool[]
  values: ActivityFormValues
  errors?: FieldErrors
}) {
  const { context, values } = props
  const errors = props.errors ?? {}
  const base = `/courses/${encodeURIComponent(context.id)}`
  const toolError = errors.toolId
  return (
    <PlatformLayout title={`Add activity · ${context.title}`} user={props.user} section="courses">
      <section class="card">
        <p class="breadcrumb">
          <a href={base}>{context.title}</a>
        </p>
        <h1>Add an activity</h1>
        {props.tools.length === 0 ? (
          <p class="muted" data-testid="no-tools">
            No tool is available yet. An LMS administrator registers tools on the admin pages.
          </p>
        ) : (
          <>
            <FormErrorSummary errors={errors} labels={LABELS} />
            <form
              method="post"
              action={`${base}/activities`}
              novalidate
              data-testid="activity-form"
            >
              <input type="hidden" name="csrf" value={props.user.formToken ?? ''} />
              <div class="field">
                <label for={fieldId('toolId')}>{LABELS.toolId}</label>
                <select
                  id={fieldId('toolId')}
                  name="toolId"
                  required
                  {...(toolError
                    ? { 'aria-invalid': 'true', 'aria-describedby': `${fieldId('toolId')}-error` }
                    : {})}
                >
                  {props.tools.map((tool) => (
                    <option
                      value={tool.id}
                      {...(values.toolId === tool.id ? { selected: true } : {})}
                    >
                      {tool.ltiVersion === '1.1' ? `${tool.name} (LTI 1.1)` : tool.name}
                    </option>
                  ))}
                </select>
                {toolError ? (
                  <span
                    class="field-error"
                    id={`${fieldId('toolId')}-error`}
                    data-error-for="toolId"
                  >
                    {toolError}
                  </span>
                ) : null}
              </div>
              <TextField
                name="title"
                label={LABELS.title}
                value={values.title}
                errors={errors}
                required
                maxlength={200}
              />
              <TextField
                name="text"
                label={LABELS.text}
                multiline
                hint="Shown to learners under the title."
                value={values.text}
                errors={errors}
              />
              <TextField
                name="customParameters"
                label={LABELS.customParameters}
                multiline
                hint="One key=value per line, sent to the tool with every launch (for example scenario_id=negotiation-basics)."
                value={values.customParameters}
                errors={errors}
              />
              <RadioGroup
                name="presentation"
                legend={LABELS.presentation}
                value={values.presentation === 'window' ? 'window' : 'iframe'}
                errors={errors}
                options={[
                  [
                    'iframe',
                    'Inside the course page',
                    'The tool shows in a frame under the course header.',
                  ],
                  ['window', 'In a new window', 'For tools that do not work inside a frame.'],
                ]}
              />
              <fieldset>
                <legend>Grading</legend>
                <Checkbox
                  name="graded"
                  label="Graded: the tool sends a score to the gradebook"
                  checked={values.graded}
                />
                <TextField
                  name="scoreMaximum"
                  label={LABELS.scoreMaximum}
                  type="number"
                  hint="For a graded activity: the points of a full score."
                  markOptional={false}
                  value={values.scoreMaximum}
                  errors={errors}
                  attributes={{ min: '0', step: 'any', inputmode: 'decimal' }}
                />
              </fieldset>
              <button type="submit">Add activity</button>{' '}
              <a class="button secondary" href={base}>
                Cancel
              </a>
            </form>
          </>
        )}
      </section>
    </PlatformLayout>
  )
}
