import type { FieldErrors } from '../platform-form-fields.js'
import type { AdminViewer } from '../platform-admin-guard.js'
import { AdminFormToken, AdminLayout } from './platform-admin-layout.js'
import { Checkbox, FormErrorSummary, TextField } from './platform-form-controls.js'

const LABELS = {
  name: 'Name',
  oidcLoginUrl: 'OIDC login URL',
  targetLinkUri: 'Target link URI',
  redirectUris: 'Redirect URIs',
  jwksUrl: 'Public keyset (JWKS) URL',
  deepLinkingUrl: 'Deep linking URL',
  customParameters: 'Custom parameters',
} as const

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
        <FormErrorSummary errors={errors} labels={LABELS} />
        <form method="post" action="/admin/tools/new" novalidate data-testid="tool-form">
          <AdminFormToken viewer={props.viewer} />
          <TextField name="name" label={LABELS.name} value={values.name} errors={errors} required />
          <TextField
            name="oidcLoginUrl"
            label={LABELS.oidcLoginUrl}
            type="url"
            hint="Where launches start: the tool's login initiation URL."
            value={values.oidcLoginUrl}
            errors={errors}
            required
          />
          <TextField
            name="targetLinkUri"
            label={LABELS.targetLinkUri}
            type="url"
            hint="The tool's default launch URL."
            value={values.targetLinkUri}
            errors={errors}
            required
          />
          <TextField
            name="redirectUris"
            label={LABELS.redirectUris}
            multiline
            hint="One per line. Left empty, the target link URI is the one redirect URI."
            value={values.redirectUris}
            errors={errors}
          />
          <TextField
            name="jwksUrl"
            label={LABELS.jwksUrl}
            type="url"
            value={values.jwksUrl}
            errors={errors}
            required
          />
          <TextField
            name="deepLinkingUrl"
            label={LABELS.deepLinkingUrl}
            type="url"
            hint="Optional: where instructors pick content. Defaults to the target link URI."
            value={values.deepLinkingUrl}
            errors={errors}
          />
          <TextField
            name="customParameters"
            label={LABELS.customParameters}
            multiline
            hint="Optional: one key=value per line, sent with every launch of this tool."
            value={values.customParameters}
            errors={errors}
          />
          <fieldset>
            <legend>Privacy: the tool receives</legend>
            <Checkbox name="sendName" label="The user's name" checked={values.sendName} />
            <Checkbox
              name="sendEmail"
              label="The user's email address"
              checked={values.sendEmail}
            />
          </fieldset>
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
