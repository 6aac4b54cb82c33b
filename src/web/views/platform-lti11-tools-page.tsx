import type { Lti11Tool } from '../../platform/ports.js'
import type { AdminViewer } from '../platform-admin-guard.js'
import type { FieldErrors } from '../platform-form-fields.js'
import { AdminFormToken, AdminLayout } from './platform-admin-layout.js'
import { lti11ToolAnchor, ToolStatus, ToolStatusActions } from './platform-admin-tools-page.js'
import {
  AdminNotice,
  FormErrorSummary,
  PrivacyFields,
  TextFields,
  fieldLabels,
} from './platform-form-controls.js'
import type { TextFieldSpec } from './platform-form-controls.js'

/** The registration form's fields as typed; the shared secret is never sent back. */
export interface Lti11ToolFormValues {
  readonly name?: string
  readonly launchUrl?: string
  readonly consumerKey?: string
  readonly customParameters?: string
  readonly sendName?: boolean
  readonly sendEmail?: boolean
}

/** The registration form's text fields, in order; the shared secret never comes back. */
const FIELDS: readonly TextFieldSpec[] = [
  { name: 'name', label: 'Name', required: true },
  {
    name: 'launchUrl',
    label: 'Launch URL',
    type: 'url',
    hint: 'Where the tool receives its launches.',
    required: true,
  },
  {
    name: 'consumerKey',
    label: 'Consumer key',
    hint: 'The oauth_consumer_key the tool expects; unique on this LMS.',
    required: true,
  },
  {
    name: 'sharedSecret',
    label: 'Shared secret',
    type: 'password',
    hint: 'Stored encrypted and never shown again. Enter it again if the form comes back.',
    required: true,
  },
  {
    name: 'customParameters',
    label: 'Custom parameters',
    multiline: true,
    hint: 'One key=value per line, sent as custom_key with every launch.',
  },
]

/**
 * The LTI 1.1 tools of this LMS, and a form to register one with the launch URL, consumer key
 * and shared secret its vendor gives. Activities of these tools launch with OAuth 1.0a-signed
 * forms and send grades back through Basic Outcomes; a disabled one does neither.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export function Lti11ToolsPage(props: {
  tools: readonly Lti11Tool[]
  viewer: AdminViewer
  values: Lti11ToolFormValues
  errors?: FieldErrors
  /** What just happened, shown above the list. */
  notice?: string
}) {
  const { values } = props
  const errors = props.errors ?? {}
  return (
    <AdminLayout title="LTI 1.1 tools" viewer={props.viewer} tab="lti11">
      <AdminNotice notice={props.notice} />
      <section class="card">
        <h1>LTI 1.1 tools</h1>
        <p class="muted">
          Tools that only speak LTI 1.1. Place one in a course like any tool; it receives a signed
          launch and can send grades back to the gradebook. When a tool moves to LTI 1.3, link its
          new registration to the one here so its users and courses carry over.
        </p>
        {props.tools.length === 0 ? (
          <p class="muted" data-testid="no-lti11-tools">
            No LTI 1.1 tools yet. Register one below with the details from its vendor.
          </p>
        ) : (
          <div class="table-wrap">
            <table data-testid="lti11-tools">
              <caption class="muted">LTI 1.1 tools registered on this LMS</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Consumer key</th>
                  <th scope="col">Launch URL</th>
                  <th scope="col">Status</th>
                  <th scope="col">Tool ID</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {props.tools.map((tool) => (
                  <tr
                    id={lti11ToolAnchor(tool.id)}
                    data-testid="lti11-tool-row"
                    data-tool-id={tool.id}
                    data-status={tool.status}
                  >
                    <th scope="row">{tool.name}</th>
                    <td>
                      <code data-testid="lti11-consumer-key">{tool.consumerKey}</code>
                    </td>
                    <td>
                      <code>{tool.launchUrl}</code>
                    </td>
                    <td>
                      <ToolStatus status={tool.status} />
                    </td>
                    <td>
                      <code>{tool.id}</code>
                    </td>
                    <td>
                      <ToolStatusActions
                        tool={tool}
                        viewer={props.viewer}
                        path="/admin/lti11-tools"
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section class="card" aria-labelledby="register-lti11">
        <h2 id="register-lti11">Register an LTI 1.1 tool</h2>
        <FormErrorSummary errors={errors} labels={fieldLabels(FIELDS)} />
        <form method="post" action="/admin/lti11-tools" novalidate data-testid="lti11-tool-form">
          <AdminFormToken viewer={props.viewer} />
          <TextFields fields={FIELDS} values={values} errors={errors} />
          <PrivacyFields sendName={values.sendName} sendEmail={values.sendEmail} />
          <button type="submit" data-testid="register-lti11-tool">
            Register LTI 1.1 tool
          </button>
        </form>
      </section>
    </AdminLayout>
  )
}
