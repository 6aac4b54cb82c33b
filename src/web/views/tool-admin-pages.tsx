/** The tool admin's browser pages: sign-in with the admin token and a workspace's LTI settings. */
import type { Registration } from '../../core/ports.js'
import type { Workspace } from '../../tool/ports.js'
import { COPY_BUTTON_SCRIPT_PATH } from '../static/copy-button.js'
import type { ToolEndpoints } from '../tool-urls.js'
import { Layout } from './layout.js'

const FIELD = 'width:100%;padding:8px 10px;font:inherit'

export function ToolAdminLoginPage(props: { next: string; failed?: boolean }) {
  return (
    <Layout title="Admin sign-in">
      <div class="card">
        <h1>Admin sign-in</h1>
        {props.failed ? (
          <p class="error" role="alert" data-testid="admin-sign-in-error">
            <strong>Admin token wrong.</strong> Enter the ADMIN_TOKEN this tool runs with.
          </p>
        ) : null}
        <form method="post" action="/admin/login">
          <input type="hidden" name="next" value={props.next} />
          <label for="token">Admin token</label>
          <input
            id="token"
            name="token"
            type="password"
            autocomplete="off"
            required
            style={FIELD}
          />
          <p>
            <button type="submit">Sign in</button>
          </p>
        </form>
      </div>
    </Layout>
  )
}

export function AdminWorkspacesPage(props: { workspaces: readonly Workspace[] }) {
  return (
    <Layout title="Workspaces">
      <div class="card">
        <h1>Workspaces</h1>
        <ul class="list">
          {props.workspaces.map((workspace) => (
            <li data-testid="workspace">
              <a href={`/admin/workspaces/${encodeURIComponent(workspace.id)}/lti`}>
                {workspace.name}
              </a>{' '}
              <span class="muted">{workspace.slug}</span>
            </li>
          ))}
        </ul>
      </div>
    </Layout>
  )
}

export interface WorkspaceLtiPageProps {
  readonly workspace: Workspace
  readonly endpoints: ToolEndpoints
  readonly platforms: readonly Registration[]
  /** A registration URL just generated, shown once. */
  readonly registration?: { readonly url: string; readonly expiresAt: number }
}

const ENDPOINT_LABELS: readonly [keyof ToolEndpoints, string][] = [
  ['oidcLoginUrl', 'Login initiation URL'],
  ['launchUrl', 'Launch / redirect URI'],
  ['jwksUrl', 'Public keyset (JWKS) URL'],
  ['openidConfigurationUrl', 'Configuration URL'],
]

export function WorkspaceLtiPage(props: WorkspaceLtiPageProps) {
  const { workspace, registration } = props
  const action = `/admin/workspaces/${encodeURIComponent(workspace.id)}/lti/registrations`
  return (
    <Layout title={`LTI settings: ${workspace.name}`}>
      <div class="card">
        <h1>LTI settings: {workspace.name}</h1>
        <h2>Endpoints</h2>
        <p class="muted">Enter these in the LMS when registering the tool by hand.</p>
        <dl>
          {ENDPOINT_LABELS.map(([key, label]) => (
            <>
              <dt>{label}</dt>
              <dd>
                <span class="ref" data-testid={`endpoint-${key}`}>
                  {props.endpoints[key]}
                </span>
              </dd>
            </>
          ))}
        </dl>

        <h2>Dynamic registration</h2>
        {registration ? (
          <div data-testid="registration-url">
            <label for="registration-url">Registration URL</label>
            <input
              id="registration-url"
              type="text"
              readonly
              value={registration.url}
              style={FIELD}
            />
            <p>
              <button type="button" data-copy-target="registration-url" hidden>
                Copy
              </button>{' '}
              <span class="muted">
                Usable once, until{' '}
                <time
                  datetime={new Date(registration.expiresAt).toISOString()}
                  data-testid="expires-at"
                >
                  {new Date(registration.expiresAt).toISOString().replace('T', ' ').slice(0, 16)}{' '}
                  UTC
                </time>
                . Paste it into the LMS's "register a tool" form.
              </span>
            </p>
            <script src={COPY_BUTTON_SCRIPT_PATH} />
          </div>
        ) : null}
        <form method="post" action={action}>
          <button type="submit">Generate registration URL</button>
        </form>

        <h2>Connected LMSes</h2>
        {props.platforms.length === 0 ? <p class="muted">None yet.</p> : null}
        <ul class="list">
          {props.platforms.map((platform) => (
            <li data-testid="platform">
              {platform.name} <span class="muted">issuer</span>{' '}
              <span class="ref">{platform.issuer}</span> <span class="muted">client ID</span>{' '}
              <span class="ref">{platform.clientId}</span>
              <span class="muted"> deployments {platform.deploymentIds.join(', ')}</span>
            </li>
          ))}
        </ul>
      </div>
    </Layout>
  )
}
