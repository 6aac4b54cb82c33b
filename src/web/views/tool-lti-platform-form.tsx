/**
 * The "Manual LMS connection" form of the LTI settings page: the values the LMS shows for this
 * tool, each field with its hint and, after a refused post, its own error message next to it
 * (linked with `aria-describedby`) and the values typed kept.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#platform-deployment-id
 */
import { FormErrorSummary } from './tool-form-errors.js'

/** The form's fields, named as the admin API's JSON fields (one schema checks both). */
export const PLATFORM_FORM_FIELDS = [
  'name',
  'issuer',
  'clientId',
  'deploymentIds',
  'authenticationRequestUrl',
  'accessTokenUrl',
  'jwksUrl',
] as const

export type PlatformFormField = (typeof PLATFORM_FORM_FIELDS)[number]

export interface PlatformFormState {
  readonly values: Partial<Record<PlatformFormField, string>>
  readonly errors: Partial<Record<PlatformFormField, string>>
}

const LABELS: Record<PlatformFormField, { label: string; hint: string; placeholder?: string }> = {
  name: { label: 'Platform name', hint: 'How this LMS is shown here, e.g. "Canvas (production)".' },
  issuer: {
    label: 'Issuer',
    hint: 'The LMS\'s issuer ("iss"), exactly as the LMS shows it.',
    placeholder: 'https://lms.example.edu',
  },
  clientId: { label: 'Client ID', hint: 'The client ID the LMS gave this tool.' },
  deploymentIds: {
    label: 'Deployment IDs',
    hint: 'One or more, separated by commas or new lines.',
  },
  authenticationRequestUrl: {
    label: 'Authentication request URL',
    hint: "The LMS's OIDC authentication (authorization) endpoint.",
    placeholder: 'https://lms.example.edu/api/lti/authorize',
  },
  accessTokenUrl: {
    label: 'Access token URL',
    hint: "The LMS's OAuth 2.0 token endpoint, for grades and rosters.",
    placeholder: 'https://lms.example.edu/login/oauth2/token',
  },
  jwksUrl: {
    label: 'Public keyset URL',
    hint: "The LMS's JWKS URL: the keys its launches are signed with.",
    placeholder: 'https://lms.example.edu/api/lti/security/jwks',
  },
}

export function PlatformForm(props: { action: string; state?: PlatformFormState }) {
  const values = props.state?.values ?? {}
  const errors = props.state?.errors ?? {}
  const failed = PLATFORM_FORM_FIELDS.filter((field) => errors[field])
  return (
    <form method="post" action={props.action} novalidate>
      <FormErrorSummary
        subject="LTI configuration"
        problems={failed.map((field) => ({
          field,
          label: LABELS[field].label,
          message: sentence(errors[field] ?? ''),
        }))}
      />
      {PLATFORM_FORM_FIELDS.map((field) => (
        <Field field={field} value={values[field] ?? ''} error={errors[field]} />
      ))}
      <button type="submit">Save LTI configuration</button>
    </form>
  )
}

function Field(props: { field: PlatformFormField; value: string; error: string | undefined }) {
  const { field, error } = props
  const { label, hint, placeholder } = LABELS[field]
  const describedBy = `hint-${field}${error ? ` error-${field}` : ''}`
  const common = {
    id: field,
    name: field,
    required: true,
    'aria-describedby': describedBy,
    'aria-invalid': error ? 'true' : undefined,
  }
  return (
    <div class="field">
      <label for={field}>{label}</label>
      <span class="hint" id={`hint-${field}`}>
        {hint}
      </span>
      {field === 'deploymentIds' ? (
        <textarea {...common} rows={2} maxlength={10_000}>
          {props.value}
        </textarea>
      ) : (
        <input
          {...common}
          type={placeholder ? 'url' : 'text'}
          maxlength={placeholder ? 2048 : field === 'name' ? 200 : 255}
          placeholder={placeholder}
          value={props.value}
          autocomplete="off"
          spellcheck={false}
        />
      )}
      {error ? (
        <p class="field-error" id={`error-${field}`} data-testid={`field-error-${field}`}>
          {sentence(error)}
        </p>
      ) : null}
    </div>
  )
}

/** The API's message ("must be an https:// URL") as a sentence for the form. */
function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1)
  return /[.!?]$/.test(text) ? text : `${text}.`
}
