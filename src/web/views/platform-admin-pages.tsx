/** The admin's sign-in with the admin token, and registering a tool by Dynamic Registration. */
import type { AdminViewer } from '../platform-admin-guard.js'
import { TOOL_REGISTRATION_SCRIPT_PATH } from '../static/tool-registration.js'
import { AdminFormToken, AdminLayout } from './platform-admin-layout.js'
import { PlatformLayout } from './platform-layout.js'
import { AdminTokenField, SignInForm } from './sign-in-fields.js'

export function AdminLoginPage(props: { next: string; failed?: boolean }) {
  return (
    <PlatformLayout title="Admin sign-in">
      <section class="card">
        <h1>Admin sign-in</h1>
        {props.failed ? (
          <p class="notice error" role="alert" data-testid="admin-sign-in-error">
            <strong>Admin token wrong.</strong> Enter the ADMIN_TOKEN this platform runs with.
          </p>
        ) : null}
        <p>
          LMS administrators can{' '}
          <a href={`/login?next=${encodeURIComponent(props.next)}`}>sign in with their account</a>.
          The server's operator can sign in with the admin token instead.
        </p>
        <SignInForm action="/admin/login" next={props.next}>
          <AdminTokenField />
          <button type="submit">Sign in with the admin token</button>
        </SignInForm>
      </section>
    </PlatformLayout>
  )
}

export interface RegisterToolPageProps {
  readonly viewer: AdminViewer
  /** The refused URL's problem, shown above the form. */
  readonly error?: string
  readonly registrationUrl?: string
  /** Set once a registration started: the tool's page to frame, and its origin. */
  readonly launch?: { readonly launchUrl: string; readonly toolOrigin: string }
}

/**
 * Dynamic Registration: the admin pastes the tool's registration URL, and the tool's page runs
 * in a frame (or a window) until it posts `org.imsglobal.lti.close`.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#step-1-registration-initiation-request
 */
export function RegisterToolPage(props: RegisterToolPageProps) {
  const { launch } = props
  // `<` is escaped so no URL can close the JSON element.
  const config = launch ? JSON.stringify(launch).replace(/</g, '\\u003c') : ''
  return (
    <AdminLayout
      title="Dynamic registration"
      viewer={props.viewer}
      tab="dynamic"
      {...(launch ? { scripts: [TOOL_REGISTRATION_SCRIPT_PATH] } : {})}
    >
      <section class="card">
        <h1>Register a tool by Dynamic Registration</h1>
        {launch ? (
          <>
            <p class="notice ok" id="registration-done" hidden data-testid="registration-done">
              Registration finished. See the <a href="/admin/tools">tools list</a>; a tool waiting
              for approval shows an Approve button there.
            </p>
            <p>
              <button type="button" id="registration-window" class="secondary" hidden>
                Open in a new window instead
              </button>
            </p>
            <iframe
              id="registration-frame"
              class="tool-frame"
              title="Tool registration"
              src={launch.launchUrl}
            />
            <script
              type="application/json"
              id="registration-config"
              dangerouslySetInnerHTML={{ __html: config }}
            />
          </>
        ) : (
          <form method="post" action="/admin/tools/register" novalidate>
            <AdminFormToken viewer={props.viewer} />
            <p class="muted">
              Paste the registration URL the tool's vendor gives for LTI Dynamic Registration. The
              tool's page opens below; when it is done, the tool appears in the tools list.
            </p>
            <div class="field">
              <label for="registrationUrl">Registration URL</label>
              <input
                id="registrationUrl"
                name="registrationUrl"
                type="url"
                required
                maxlength={2048}
                value={props.registrationUrl ?? ''}
                {...(props.error
                  ? { 'aria-invalid': 'true', 'aria-describedby': 'registrationUrl-error' }
                  : {})}
              />
              {props.error ? (
                <span
                  class="field-error"
                  id="registrationUrl-error"
                  role="alert"
                  data-testid="registration-error"
                >
                  {props.error}
                </span>
              ) : null}
            </div>
            <button type="submit">Start registration</button>
          </form>
        )}
      </section>
    </AdminLayout>
  )
}
