import type { FieldErrors } from '../platform-form-fields.js'
import type { AdminViewer } from '../platform-admin-guard.js'
import { AdminFormToken, AdminLayout } from './platform-admin-layout.js'
import {
  Checkbox,
  FormErrorSummary,
  PrivacyFields,
  TextFields,
  fieldLabels,
} from './platform-form-controls.js'
import type { TextFieldSpec } from './platform-form-controls.js'

/** The form's text fields, in order: the tool's URLs and its custom parameters. */
const FIELDS: readonly TextFieldSpec[] = [
  { name: 'name', label: 'Name', required: true },
  {
    name: 'oidcLoginUrl',
    label: 'OIDC login URL',
    type: 'url',
    hint: "Where launches start: the tool's login initiation URL.",
    required: true,
  },
  {
    name: 'targetLinkUri',
    label: 'Target link URI',
    type: 'url',
    hint: "The tool's default launch URL.",
    required: true,
  },
  {
    name: 'redirectUris',
    label: 'Redirect URIs',
    multiline: true,
    hint: 'One per line. Left empty, the target link URI is the one redirect URI.',
  },
  { name: 'jwksUrl', label: 'Public keyset (JWKS) URL', type: 'url', required: true },
  {
    name: 'deepLinkingUrl',
    label: 'Deep linking URL',
    type: 'url',
    hint: 'Optional: where instructors pick content. Defaults to the target link URI.',
  },
  {
    name: 'customParameters',
    label: 'Custom parameters',
    multiline: true,
    hint: 'Optional: one key=value per line, sent with every launch of this tool.',
  },
]

/** The manual registration form's fields as typed, kept when the form comes back with errors. */
export interface ToolFormValues {
  readonly name?: string
  readonly oidcLoginUrl?: string
  readonly redirectUris?: string
  readonly targetLinkUri?: string
  readonly jwksUrl?: string
  readonly deepLinkingUrl?: string
  readonly customParameters?: string
  readonly sendName?: boolean
  readonly sendEmail?: boolean
  readonly ags?: boolean
  readonly nrps?: boolean
  readonly deepLinking?: boolean
}

/**
 * Registering an LTI 1.3 tool by hand, with the URLs its vendor gives; once saved, the tool's
 * page shows the platform's details to enter in the tool.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#tool-deployment
 */
export function RegisterToolManuallyPage(props: {
  viewer: AdminViewer
  values: ToolFormValues
  errors?: FieldErrors
}) {
  const { values } = props
  const errors = props.errors ?? {}
  return (
    <AdminLayout title="Register a tool" viewer={props.viewer} tab="register">
      <section class="card">
        <h1>Register a tool manually</h1>
        <p class="muted">
          Enter the LTI 1.3 details from the tool's vendor. After saving, you get this LMS's details
          to enter in the tool.
        </p>
        <FormErrorSummary errors={errors} labels={fieldLabels(FIELDS)} />
        <form method="post" action="/admin/tools/new" novalidate data-testid="tool-form">
          <AdminFormToken viewer={props.viewer} />
          <TextFields fields={FIELDS} values={values} errors={errors} />
          <PrivacyFields sendName={values.sendName} sendEmail={values.sendEmail} />
          <fieldset>
            <legend>Services the tool may use</legend>
            <Checkbox
              name="ags"
              label="Grades (Assignment and Grade Services)"
              checked={values.ags}
            />
            <Checkbox
              name="nrps"
              label="Course rosters (Names and Role Provisioning)"
              checked={values.nrps}
            />
            <Checkbox
              name="deepLinking"
              label="Deep linking (instructors pick content in the tool)"
              checked={values.deepLinking}
            />
          </fieldset>
          <button type="submit">Register tool</button>{' '}
          <a class="button secondary" href="/admin/tools">
            Cancel
          </a>
        </form>
      </section>
    </AdminLayout>
  )
}
