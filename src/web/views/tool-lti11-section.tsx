/**
 * The "Former LTI 1.1 connection" section of a workspace's LTI page: the consumer keys the
 * workspace holds from LTI 1.1 days, which connected LMS each migrates to (changed in place),
 * a Remove button each (confirmed on its own page), the form that adds one, and the LTI 1.1
 * launch URL for an LMS still launching over 1.1. Secrets are never shown. No script.
 * @see https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim
 */
import { RemoveButton } from './tool-confirm-removal.js'
import { Lti11ConsumerForm, Lti11PlatformSelect, sentence } from './tool-lti11-consumer-form.js'
import type { Lti11ConsumerFormState, Lti11PlatformChoice } from './tool-lti11-consumer-form.js'

export interface FormerLti11Consumer {
  readonly id: string
  readonly consumerKey: string
  readonly registrationId?: string
}

export interface FormerLti11SectionProps {
  readonly consumers: readonly FormerLti11Consumer[]
  /** The workspace's connected LMSes, to name and pick the one a consumer migrates to. */
  readonly platforms: readonly Lti11PlatformChoice[]
  /** `lti11LaunchUrl` of the workspace. */
  readonly launchUrl: string
  /** Where the consumer forms post: `{actionPath}` adds, `{actionPath}/{id}/link|remove`. */
  readonly actionPath: string
  /** The add form after a refused post. */
  readonly form?: Lti11ConsumerFormState
  /** A refused change of the LMS a consumer migrates to, shown on its row. */
  readonly linkError?: { readonly consumerId: string; readonly message: string }
}

export function FormerLti11Section(props: FormerLti11SectionProps) {
  const consumerPath = (consumer: FormerLti11Consumer, action: 'link' | 'remove') =>
    `${props.actionPath}/${encodeURIComponent(consumer.id)}/${action}`
  return (
    <section class="card stack" id="lti11" aria-labelledby="lti11-heading">
      <h2 id="lti11-heading">Former LTI 1.1 connection</h2>
      <p class="muted">
        Learners who used this workspace over LTI 1.1 keep their progress when their LMS switches to
        LTI 1.3: the LMS proves the old consumer key with its shared secret, and their first LTI 1.3
        launch lands on their existing account. Grades are not sent back over LTI 1.1.
      </p>
      <p>
        LTI 1.1 launch URL:{' '}
        <span class="ref" data-testid="lti11-launch-url">
          {props.launchUrl}
        </span>
      </p>
      {props.consumers.length === 0 ? (
        <p class="empty" data-testid="no-lti11-consumers">
          No LTI 1.1 consumer key is stored. Add the key and secret your LMS used for LTI 1.1 below,
          before it starts launching this workspace over LTI 1.3.
        </p>
      ) : (
        <div class="table-scroll">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Consumer key</th>
                <th scope="col">Migrates to</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.consumers.map((consumer) => (
                <ConsumerRow
                  consumer={consumer}
                  platforms={props.platforms}
                  linkPath={consumerPath(consumer, 'link')}
                  removePath={consumerPath(consumer, 'remove')}
                  error={
                    props.linkError?.consumerId === consumer.id
                      ? props.linkError.message
                      : undefined
                  }
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Lti11ConsumerForm
        action={`${props.actionPath}#lti11`}
        platforms={props.platforms}
        {...(props.form ? { state: props.form } : {})}
      />
    </section>
  )
}

/** One consumer: its key, the LMS it migrates to as a small form, and its Remove button. */
function ConsumerRow(props: {
  consumer: FormerLti11Consumer
  platforms: readonly Lti11PlatformChoice[]
  linkPath: string
  removePath: string
  error: string | undefined
}) {
  const { consumer, error } = props
  const selectId = `lti11-link-${consumer.id}`
  return (
    <tr data-testid="lti11-consumer" data-consumer-id={consumer.id}>
      <td>
        <span class="ref">{consumer.consumerKey}</span>
      </td>
      <td>
        <form method="post" action={`${props.linkPath}#lti11`} class="row">
          <label for={selectId} class="visually-hidden">
            LMS that consumer key {consumer.consumerKey} migrates to
          </label>
          <Lti11PlatformSelect
            id={selectId}
            name="registrationId"
            {...(error
              ? { 'aria-describedby': `${selectId}-error`, 'aria-invalid': 'true' as const }
              : {})}
            platforms={props.platforms}
            selected={consumer.registrationId}
          />
          <button
            type="submit"
            class="button-secondary"
            data-testid="link-lti11-consumer"
            aria-label={`Save the LMS of ${consumer.consumerKey}`}
          >
            Save
          </button>
        </form>
        {error ? (
          <p class="field-error" id={`${selectId}-error`} data-testid="lti11-link-error">
            {sentence(error)}
          </p>
        ) : null}
      </td>
      <td>
        <RemoveButton
          confirmPath={props.removePath}
          name={consumer.consumerKey}
          testid="remove-lti11-consumer"
        />
      </td>
    </tr>
  )
}
