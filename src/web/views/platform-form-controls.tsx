/**
 * Form fields of the platform's pages: a `<label for>` on every field, its hint and its error
 * tied to it with `aria-describedby`, and `aria-invalid` on a field with an error.
 */
import type { FieldErrors } from '../platform-form-fields.js'

export interface TextFieldProps {
  readonly name: string
  readonly label: string
  readonly value?: string | undefined
  readonly errors: FieldErrors
  readonly hint?: string
  /** `password` is never filled in again: a secret does not come back with the form. */
  readonly type?: 'text' | 'url' | 'email' | 'number' | 'password'
  /** A `<textarea>` rather than an `<input>`. */
  readonly multiline?: boolean
  readonly required?: boolean
  /** Marks a field that is not `required` as "(optional)"; default true. */
  readonly markOptional?: boolean
  readonly maxlength?: number
  /** Extra input attributes (`min`, `step`, `inputmode`). */
  readonly attributes?: Readonly<Record<string, string>>
}

/** The ID of a field's element, for labels and error links. */
export const fieldId = (name: string) => `field-${name}`

/** The `aria-*` attributes and messages of one field. */
function described(name: string, errors: FieldErrors, hint?: string) {
  const error = errors[name]
  const ids = [hint ? `${fieldId(name)}-hint` : '', error ? `${fieldId(name)}-error` : '']
  const by = ids.filter(Boolean).join(' ')
  return {
    error,
    attributes: {
      ...(by ? { 'aria-describedby': by } : {}),
      ...(error ? { 'aria-invalid': 'true' } : {}),
    },
  }
}

function FieldError(props: { name: string; error: string | undefined }) {
  return props.error ? (
    <span class="field-error" id={`${fieldId(props.name)}-error`} data-error-for={props.name}>
      {props.error}
    </span>
  ) : null
}

export function TextField(props: TextFieldProps) {
  const id = fieldId(props.name)
  const { error, attributes } = described(props.name, props.errors, props.hint)
  const common = {
    id,
    name: props.name,
    ...(props.required ? { required: true } : {}),
    ...(props.maxlength ? { maxlength: props.maxlength } : {}),
    ...attributes,
    ...props.attributes,
  }
  return (
    <div class="field">
      <label for={id}>
        {props.label}
        {props.required || props.markOptional === false ? null : (
          <span class="muted"> (optional)</span>
        )}
      </label>
      {props.hint ? (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {props.multiline ? (
        <textarea {...common} rows={4}>
          {props.value ?? ''}
        </textarea>
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          {...(props.type === 'password' ? { autocomplete: 'off' } : { value: props.value ?? '' })}
        />
      )}
      <FieldError name={props.name} error={error} />
    </div>
  )
}

/** A text field described once as data: the form renders it and its error summary names it. */
export type TextFieldSpec = Omit<TextFieldProps, 'value' | 'errors'>

/** A form's text fields in order, each with its value as typed and its error. */
export function TextFields(props: {
  fields: readonly TextFieldSpec[]
  /** The values as typed, by field name (a form's values interface). */
  values: object
  errors: FieldErrors
}) {
  const values = props.values as Readonly<Record<string, unknown>>
  return (
    <>
      {props.fields.map((field) => {
        const value = values[field.name]
        return (
          <TextField
            {...field}
            value={typeof value === 'string' ? value : undefined}
            errors={props.errors}
          />
        )
      })}
    </>
  )
}

/** The labels of a form's fields by name, for its {@link FormErrorSummary}. */
export function fieldLabels(fields: readonly TextFieldSpec[]): Record<string, string> {
  return Object.fromEntries(fields.map((field) => [field.name, field.label]))
}

/** What a tool receives about the user, LTI 1.3 or 1.1 alike (`privacy` of the admin API). */
export function PrivacyFields(props: {
  sendName?: boolean | undefined
  sendEmail?: boolean | undefined
}) {
  return (
    <fieldset>
      <legend>Privacy: the tool receives</legend>
      <Checkbox name="sendName" label="The user's name" checked={props.sendName} />
      <Checkbox name="sendEmail" label="The user's email address" checked={props.sendEmail} />
    </fieldset>
  )
}

export function Checkbox(props: {
  name: string
  label: string
  checked?: boolean | undefined
  value?: string
}) {
  const id = fieldId(props.name)
  return (
    <label class="choice" for={id}>
      <input
        type="checkbox"
        id={id}
        name={props.name}
        value={props.value ?? 'on'}
        {...(props.checked ? { checked: true } : {})}
      />
      <span>{props.label}</span>
    </label>
  )
}

/** Radio buttons in a fieldset, one of `options` checked. */
export function RadioGroup(props: {
  name: string
  legend: string
  value: string
  options: readonly (readonly [value: string, label: string, hint?: string])[]
  errors: FieldErrors
}) {
  const error = props.errors[props.name]
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {props.options.map(([value, label, hint]) => (
        <label class="choice" for={`${fieldId(props.name)}-${value}`}>
          <input
            type="radio"
            id={`${fieldId(props.name)}-${value}`}
            name={props.name}
            value={value}
            {...(props.value === value ? { checked: true } : {})}
          />
          <span>
            {label}
            {hint ? <span class="hint">{hint}</span> : null}
          </span>
        </label>
      ))}
      <FieldError name={props.name} error={error} />
    </fieldset>
  )
}

/** What a form post just did, shown above the page after its redirect ("X is registered."). */
export function AdminNotice(props: { notice: string | undefined }) {
  return props.notice ? (
    <p class="notice ok" role="status" data-testid="admin-notice">
      {props.notice}
    </p>
  ) : null
}

/** Above a form that came back with errors: how many, each linking to its field. */
export function FormErrorSummary(props: {
  errors: FieldErrors
  labels?: Readonly<Record<string, string>>
}) {
  const entries = Object.entries(props.errors)
  if (entries.length === 0) return null
  return (
    <div class="notice error" role="alert" data-testid="form-errors" tabindex={-1}>
      <p>
        <strong>
          {entries.length === 1 ? 'One field needs' : `${entries.length} fields need`} your
          attention.
        </strong>
      </p>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            <a href={`#${fieldId(name)}`}>{props.labels?.[name] ?? name}</a>: {message}
          </li>
        ))}
      </ul>
    </div>
  )
}
