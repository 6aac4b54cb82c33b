/**
 * Workspace settings › Integrations › LTI 1.3: the four sections an admin connects an LMS with.
 * Endpoint URLs to paste into the LMS, the manual connection form, a dynamic registration URL,
 * and the LMSes connected so far; then the former LTI 1.1 consumer keys that migrate to them.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#tool-deployment
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#overview
 */
import type { Registration } from '../../core/ports.js'
import type { Workspace } from '../../tool/ports.js'
import { COPY_BUTTON_SCRIPT_PATH } from '../static/copy-button.js'
import type { ToolEndpoints } from '../tool-urls.js'
import { relativeTime, utcTime } from './admin-time.js'
import { ConnectedLmsTable } from './tool-connected-lms.js'
import { ToolAdminLayout, workspaceAdminPath } from './tool-admin-layout.js'
import type { ToolAdminHeaderAdmin } from './tool-admin-layout.js'
import { PlatformForm } from './tool-lti-platform-form.js'
import type { PlatformFormState } from './tool-lti-platform-form.js'
import type { Lti11ConsumerFormState } from './tool-lti11-consumer-form.js'
import { FormerLti11Section } from './tool-lti11-section.js'
import type { FormerLti11Consumer, FormerLti11SectionProps } from './tool-lti11-section.js'

export interface WorkspaceLtiPageProps {
  readonly workspace: Workspace
  readonly admin?: ToolAdminHeaderAdmin
  readonly endpoints: ToolEndpoints
  readonly platforms: readonly Registration[]
  /** The workspace's former LTI 1.1 consumers (never their secrets). */
  readonly lti11Consumers: readonly FormerLti11Consumer[]
  /** `lti11LaunchUrl` of the workspace. */
  readonly lti11LaunchUrl: string
  /** The LTI 1.1 consumer form after a refused post. */
  readonly lti11Form?: Lti11ConsumerFormState
  /** A refused change of the LMS a consumer migrates to. */
  readonly lti11LinkError?: FormerLti11SectionProps['linkError']
  /** Now, for "connected 3 minutes ago". */
  readonly now: number
  /** A registration URL just generated, shown once. */
  readonly registration?: { readonly url: string; readonly expiresAt: number }
  /** The manual form after a refused post: the values typed and each field's error. */
  readonly form?: PlatformFormState
  readonly notice?: string
}

const ENDPOINTS: readonly [keyof ToolEndpoints, string, string][] = [
  ['oidcLoginUrl', 'login', 'OIDC login initiation URL'],
  ['launchUrl', 'launch', 'Launch / redirect URI'],
  ['jwksUrl', 'jwks', 'Public keyset (JWKS) URL'],
  ['openidConfigurationUrl', 'openid-configuration', 'OpenID configuration URL'],
]

export function WorkspaceLtiPage(props: WorkspaceLtiPageProps) {
  const { workspace, registration } = props
  const path = (...rest: string[]) => workspaceAdminPath(workspace, 'lti', ...rest)
  return (
    <ToolAdminLayout
      title="LTI 1.3"
      workspace={workspace}
      section="lti"
      admin={props.admin}
      notice={props.notice}
      scripts={[COPY_BUTTON_SCRIPT_PATH]}
    >
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <ol>
          <li>Workspace settings</li>
          <li>Integrations</li>
          <li aria-current="page">LTI 1.3</li>
        </ol>
      </nav>
      <h1>LTI 1.3</h1>
      <p class="muted">
        Connect a learning platform (LMS) so its courses can launch this workspace's scenarios and
        receive grades.
      </p>
      <p id="copy-status" class="visually-hidden" role="status"></p>

      <section class="card" aria-labelledby="endpoints-heading">
        <h2 id="endpoints-heading">Endpoint URLs</h2>
        <p class="muted">Enter these in the LMS when you register the tool there by hand.</p>
        {ENDPOINTS.map(([key, id, label]) => (
          <CopyField id={`endpoint-${id}`} label={label} value={props.endpoints[key]} />
        ))}
      </section>

      <section class="card" id="manual" aria-labelledby="manual-heading">
        <h2 id="manual-heading">Manual LMS connection</h2>
        <p class="muted">Copy these values from the LMS's page for this tool.</p>
        <PlatformForm action={`${path('platforms')}#manual`} state={props.form} />
      </section>

      <section class="card stack" id="dynamic" aria-labelledby="dynamic-heading">
        <h2 id="dynamic-heading">Dynamic registration</h2>
        <p class="muted">
          Let the LMS register the tool itself: generate a registration URL and paste it into the
          LMS's "register a tool by URL" form. It works once, within an hour.
        </p>
        {registration ? (
          <div>
            <CopyField id="registration-url" label="Registration URL" value={registration.url} />
            <p class="muted" data-testid="registration-expiry">
              Expires{' '}
              <time
                datetime={new Date(registration.expiresAt).toISOString()}
                data-testid="expires-at"
              >
                {relativeTime(registration.expiresAt, props.now)}, at{' '}
                {utcTime(registration.expiresAt)}
              </time>
              .
            </p>
          </div>
        ) : null}
        <form method="post" action={`${path('registrations')}#dynamic`}>
          <button type="submit" class={registration ? 'button-secondary' : undefined}>
            Generate registration URL
          </button>
        </form>
      </section>

      <section class="card" id="connected" aria-labelledby="connected-heading">
        <h2 id="connected-heading">Connected LMSes</h2>
        <ConnectedLmsTable
          platforms={props.platforms}
          now={props.now}
          removePath={(platform) => path('platforms', platform.id, 'remove')}
        />
      </section>

      <FormerLti11Section
        consumers={props.lti11Consumers}
        platforms={props.platforms}
        launchUrl={props.lti11LaunchUrl}
        actionPath={path('lti11-consumers')}
        {...(props.lti11Form ? { form: props.lti11Form } : {})}
        {...(props.lti11LinkError ? { linkError: props.lti11LinkError } : {})}
      />
    </ToolAdminLayout>
  )
}

/** A read-only value with its Copy button (`static/copy-button`; hidden until it runs). */
function CopyField(props: { id: string; label: string; value: string }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <div class="copy">
        <input
          id={props.id}
          type="text"
          readonly
          value={props.value}
          data-testid={props.id}
          spellcheck={false}
        />
        <button
          type="button"
          class="button-secondary"
          data-copy-target={props.id}
          data-copy-status="copy-status"
          aria-label={`Copy ${props.label}`}
          hidden
        >
          Copy
        </button>
      </div>
    </div>
  )
}
