import type { Tool } from '../../platform/ports.js'
import type { PlatformDetails } from '../../platform/service-urls.js'
import type { AdminViewer } from '../platform-admin-guard.js'
import { COPY_BUTTON_SCRIPT_PATH } from '../static/copy-button.js'
import { AdminLayout } from './platform-admin-layout.js'
import { ToolStatus, ToolStatusActions } from './platform-admin-tools-page.js'

const DETAILS: readonly (readonly [keyof PlatformDetails, string, string])[] = [
  ['issuer', 'issuer', 'Issuer (platform ID)'],
  ['clientId', 'client-id', 'Client ID'],
  ['deploymentId', 'deployment-id', 'Deployment ID'],
  ['authenticationRequestUrl', 'authentication-request-url', 'Authentication request URL'],
  ['accessTokenUrl', 'access-token-url', 'Access token URL'],
  ['jwksUrl', 'jwks-url', 'Public keyset URL'],
]

/** The platform's details with a Copy button each: what to paste into the tool. */
export function PlatformDetailsList(props: { details: PlatformDetails }) {
  return (
    <>
      <dl class="details" data-testid="platform-details">
        {DETAILS.map(([key, name, label]) => (
          <>
            <dt>
              <label for={`detail-${name}`}>{label}</label>
            </dt>
            <dd>
              <input
                id={`detail-${name}`}
                type="text"
                readonly
                value={props.details[key]}
                data-testid={`platform-detail-${name}`}
              />
              <button
                type="button"
                class="secondary"
                hidden
                data-copy-target={`detail-${name}`}
                data-copy-status="copy-status"
                data-testid={`copy-${name}`}
                aria-label={`Copy ${label}`}
              >
                Copy
              </button>
            </dd>
          </>
        ))}
      </dl>
      <p class="muted" id="copy-status" role="status" aria-live="polite" />
    </>
  )
}

function yesNo(value: boolean): string {
  return value ? 'Yes' : 'No'
}

/** One tool: the details to paste into it, what it was registered with, and its status. */
export function AdminToolPage(props: {
  tool: Tool
  details: PlatformDetails
  viewer: AdminViewer
  /** Just registered with the manual form. */
  registered?: boolean
}) {
  const { tool } = props
  const custom = Object.entries(tool.customParameters)
  return (
    <AdminLayout
      title={tool.name}
      viewer={props.viewer}
      tab="tools"
      scripts={[COPY_BUTTON_SCRIPT_PATH]}
    >
      {props.registered ? (
        <p class="notice ok" role="status" data-testid="tool-registered">
          <strong>{tool.name} is registered.</strong> Enter the details below in the tool's LTI 1.3
          settings to finish connecting it.
        </p>
      ) : null}
      <section class="card">
        <p class="breadcrumb">
          <a href="/admin/tools">Tools</a>
        </p>
        <div class="page-head">
          <h1 data-testid="tool-name">{tool.name}</h1>
          <p class="actions">
            <ToolStatus status={tool.status} />{' '}
            <ToolStatusActions tool={tool} viewer={props.viewer} />
          </p>
        </div>
        <h2>Platform details for the tool</h2>
        <p class="muted">Copy each value into the tool's configuration of this LMS.</p>
        <PlatformDetailsList details={props.details} />
      </section>
      <section class="card">
        <h2>Tool configuration</h2>
        <dl class="details" data-testid="tool-configuration">
          <dt>OIDC login URL</dt>
          <dd>
            <code>{tool.oidcLoginUrl}</code>
          </dd>
          <dt>Redirect URIs</dt>
          <dd>
            {tool.redirectUris.map((uri) => (
              <code>{uri}</code>
            ))}
          </dd>
          <dt>Target link URI</dt>
          <dd>
            <code>{tool.targetLinkUri}</code>
          </dd>
          <dt>Public keyset (JWKS) URL</dt>
          <dd>
            <code>{tool.jwksUrl}</code>
          </dd>
          <dt>Deep linking URL</dt>
          <dd>{tool.deepLinkingUrl ? <code>{tool.deepLinkingUrl}</code> : 'None'}</dd>
          <dt>Custom parameters</dt>
          <dd>
            {custom.length === 0
              ? 'None'
              : custom.map(([key, value]) => <code>{`${key}=${value}`}</code>)}
          </dd>
          <dt>Sends the user's name / email</dt>
          <dd>
            {yesNo(tool.privacy.sendName)} / {yesNo(tool.privacy.sendEmail)}
          </dd>
          <dt>Services</dt>
          <dd>
            Grades (AGS): {yesNo(tool.services.ags.length > 0)}; rosters (NRPS):{' '}
            {yesNo(tool.services.nrps)}; deep linking: {yesNo(tool.services.deepLinking)}
          </dd>
        </dl>
      </section>
    </AdminLayout>
  )
}
