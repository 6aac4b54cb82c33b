/** The admin's browser pages: sign-in with the admin token, tools, and registering a tool. */
import type { Tool } from '../../platform/ports.js'
import { TOOL_REGISTRATION_SCRIPT_PATH } from '../static/tool-registration.js'
import { PlatformLayout } from './platform-layout.js'

export function AdminLoginPage(props: { next: string; failed?: boolean }) {
  return (
    <PlatformLayout title="Admin sign-in">
      <div class="card">
        <h1>Admin sign-in</h1>
        {props.failed ? (
          <p class="error" role="alert" data-testid="admin-sign-in-error">
            <strong>Admin token wrong.</strong> Enter the ADMIN_TOKEN this platform runs with.
          </p>
        ) : null}
        <form method="post" action="/admin/login">
          <input type="hidden" name="next" value={props.next} />
          <label for="token">Admin token</label>
          <input id="token" name="token" type="password" autocomplete="off" required />
          <p>
            <button type="submit">Sign in</button>
          </p>
        </form>
      </div>
    </PlatformLayout>
  )
}

export function AdminToolsPage(props: { tools: readonly Tool[] }) {
  return (
    <PlatformLayout title="Tools">
      <div class="card">
        <h1>Tools</h1>
        <p>
          <a href="/admin/tools/register">Register a tool (Dynamic Registration)</a>
        </p>
        <ul class="list">
          {props.tools.map((tool) => (
            <li data-testid="tool" data-status={tool.status}>
              <span>
                {tool.name} <span class="pill">{tool.status}</span>
                <span class="muted"> client ID {tool.clientId}</span>
              </span>
              {tool.status === 'pending' ? (
                <form method="post" action={`/admin/tools/${encodeURIComponent(tool.id)}/approve`}>
                  <button type="submit">Approve</button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      </div>
    </PlatformLayout>
  )
}

export interface RegisterToolPageProps {
  /** The refused URL's problem, shown above the form. */
  readonly error?: string
  readonly registrationUrl?: string
  /** Set once a registration started: the tool's page to frame, and its origin. */
  readonly launch?: { readonly launchUrl: string; readonly toolOrigin: string }
}

export function RegisterToolPage(props: RegisterToolPageProps) {
  const { launch } = props
  // `<` is escaped so no URL can close the JSON element.
  const config = launch ? JSON.stringify(launch).replace(/</g, '\\u003c') : ''
  return (
    <PlatformLayout title="Register a tool">
      <div class="card">
        <h1>Register a tool</h1>
        {launch ? (
          <>
            <p id="registration-done" hidden data-testid="registration-done">
              Registration finished — see the <a href="/admin/tools">tools list</a>.
            </p>
            <button type="button" id="registration-window" hidden>
              Open in a new window instead
            </button>
            <iframe
              id="registration-frame"
              title="Tool registration"
              src={launch.launchUrl}
              style="width:100%;height:70vh;border:1px solid #ccc;margin-top:12px"
            />
            <script
              type="application/json"
              id="registration-config"
              dangerouslySetInnerHTML={{ __html: config }}
            />
            <script src={TOOL_REGISTRATION_SCRIPT_PATH} />
          </>
        ) : (
          <form method="post" action="/admin/tools/register">
            <p class="muted">
              Paste the registration URL the tool's vendor gives for Dynamic Registration.
            </p>
            {props.error ? (
              <p class="error" role="alert" data-testid="registration-error">
                {props.error}
              </p>
            ) : null}
            <label for="registrationUrl">Registration URL</label>
            <input
              id="registrationUrl"
              name="registrationUrl"
              type="url"
              required
              maxlength={2048}
              value={props.registrationUrl ?? ''}
              style="width:100%;padding:8px 10px;font:inherit"
            />
            <p>
              <button type="submit">Start registration</button>
            </p>
          </form>
        )}
      </div>
    </PlatformLayout>
  )
}
