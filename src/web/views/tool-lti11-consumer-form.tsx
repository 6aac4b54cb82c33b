/**
 * The "Add a former LTI 1.1 consumer key" form of the LTI settings page: the consumer key and
 * shared secret the LMS launched this workspace with over LTI 1.1, and which connected LMS now
 * launches it over 1.3. Field names are the admin API's JSON fields, so one schema checks both;
 * after a refused post each field shows its own error and the values typed come back, except
 * the secret, which is never sent back.
 * @see https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim
 */
import type { Child } from 'hono/jsx'
import { FormErrorSummary } from './tool-form-errors.js'

export const LTI11_CONSUMER_FORM_FIELDS = ['consumerKey', 'sharedSecret', 'registrationId'] as const

export type Lti11ConsumerFormField = (typeof LTI11_CONSUMER_FORM_FIELDS)[number]

export interface Lti11ConsumerFormState {
  /** What was typed; never the shared secret. */
  readonly values: { readonly consumerKey?: string; readonly registrationId?: string }
  readonly errors: Partial<Record<Lti11ConsumerFormField, string>>
}

/** A connected LMS to pick, by its registration ID. */
export interface Lti11PlatformChoice {
  readonly id: string
  readonly name: string
}

const LABELS: Record<Lti11ConsumerFormField, { label: string; hint: string }> = {
  consumerKey: {
    label: 'Consumer key',
    hint: 'The oauth_consumer_key the LMS sent with its LTI 1.1 launches.',
  },
  sharedSecret: {
    label: 'Shared secret',
    hint: 'Stored encrypted and never shown again. Enter it again if the form comes back.',
  },
  registrationId: {
    label: 'Migrates to',
    hint: 'The connected LMS that now launches over LTI 1.3 with this key, or any of them.',
  },
}

/** The ID of a field here: prefixed, as the page's manual LMS form has fields of its own. */
export const lti11FieldId = (field: string) => `lti11-${field}`

export function Lti11ConsumerForm(props: {
  action: string
  platforms: readonly Lti11PlatformChoice[]
  state?: Lti11ConsumerFormState
}) {
  const values = props.state?.values ?? {}
  const errors = props.state?.errors ?? {}
  return (
    <form
      method="post"
      action={props.action}
      novalidate
      aria-labelledby="lti11-add-heading"
      data-testid="lti11-consumer-form"
    >
      <h3 id="lti11-add-heading">Add a former LTI 1.1 consumer key</h3>
      <FormErrorSummary
        subject="consumer key"
        problems={LTI11_CONSUMER_FORM_FIELDS.filter((field) => errors[field]).map((field) => ({
          field: lti11FieldId(field),
          label: LABELS[field].label,
          message: sentence(errors[field] ?? ''),
        }))}
      />
      <Field field="consumerKey" error={errors.consumerKey}>
        <input
          {...attributes('consumerKey', errors)}
          required
          type="text"
          maxlength={255}
          value={values.consumerKey ?? ''}
          autocomplete="off"
          spellcheck={false}
        />
      </Field>
      <Field field="sharedSecret" error={errors.sharedSecret}>
        <input
          {...attributes('sharedSecret', errors)}
          required
          type="password"
          maxlength={1024}
          autocomplete="off"
        />
      </Field>
      <Field field="registrationId" error={errors.registrationId}>
        <Lti11PlatformSelect
          {...attributes('registrationId', errors)}
          platforms={props.platforms}
          selected={values.registrationId}
        />
      </Field>
      <button type="submit" data-testid="add-lti11-consumer">
        Add consumer key
      </button>
    </form>
  )
}

interface ControlAttributes {
  readonly id: string
  readonly name: string
  readonly 'aria-describedby': string
  readonly 'aria-invalid'?: 'true'
}

/** A control's ID and name, its hint and error tied to it, and `aria-invalid` with an error. */
function attributes(
  field: Lti11ConsumerFormField,
  errors: Lti11ConsumerFormState['errors'],
): ControlAttributes {
  const id = lti11FieldId(field)
  return {
    id,
    name: field,
    'aria-describedby': `${id}-hint${errors[field] ? ` ${id}-error` : ''}`,
    ...(errors[field] ? { 'aria-invalid': 'true' as const } : {}),
  }
}

/** A field: its label, hint, control (`children`) and error. */
function Field(props: {
  field: Lti11ConsumerFormField
  error: string | undefined
  children: Child
}) {
  const { field, error } = props
  const id = lti11FieldId(field)
  return (
    <div class="field">
      <label for={id}>{LABELS[field].label}</label>
      <span class="hint" id={`${id}-hint`}>
        {LABELS[field].hint}
      </span>
      {props.children}
      {error ? (
        <p class="field-error" id={`${id}-error`} data-testid={`lti11-field-error-${field}`}>
          {sentence(error)}
        </p>
      ) : null}
    </div>
  )
}

/**
 * The connected LMSes to migrate to, "Any connected LMS" first (value `''`). A registration that
 * is gone stays selectable under its ID, so the form shows what is stored rather than hiding it.
 */
export function Lti11PlatformSelect(
  props: Partial<ControlAttributes> & {
    platforms: readonly Lti11PlatformChoice[]
    selected: string | undefined
  },
) {
  const { platforms, selected, ...attributes } = props
  const option = (value: string, label: string) => (
    <option value={value} {...((selected ?? '') === value ? { selected: true } : {})}>
      {label}
    </option>
  )
  return (
    <select {...attributes}>
      {option('', 'Any connected LMS')}
      {platforms.map((platform) => option(platform.id, platform.name))}
      {selected && !platforms.some((p) => p.id === selected)
        ? option(selected, 'A removed LMS')
        : null}
    </select>
  )
}

/** The schema's message ("must be …") as a sentence for the form. */
export function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1)
  return /[.!?]$/.test(text) ? text : `${text}.`
}
