/**
 * The LMSes connected to a workspace (its registrations: issuer, client ID, deployment IDs) as
 * a table with a Remove button each, and the page that confirms a removal. No script: removing
 * takes a second step on its own page.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#tool-deployment
 */
import type { Registration } from '../../core/ports.js'
import type { Workspace } from '../../tool/ports.js'
import { relativeTime, utcTime } from './admin-time.js'
import { ToolAdminLayout, workspaceAdminPath } from './tool-admin-layout.js'
import type { ToolAdminHeaderAdmin } from './tool-admin-layout.js'

export function ConnectedLmsTable(props: {
  platforms: readonly Registration[]
  now: number
  removePath: (platform: Registration) => string
}) {
  if (props.platforms.length === 0) {
    return (
      <p class="empty" data-testid="no-platforms">
        No LMS is connected yet. Connect one with the manual form or a registration URL above.
      </p>
    )
  }
  return (
    <table class="table">
      <thead>
        <tr>
          <th scope="col">Platform</th>
          <th scope="col">Issuer</th>
          <th scope="col">Client ID</th>
          <th scope="col">Deployment IDs</th>
          <th scope="col">Connected</th>
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.platforms.map((platform) => (
          <tr data-testid="platform">
            <td>{platform.name}</td>
            <td>
              <IssuerLink issuer={platform.issuer} />
            </td>
            <td>
              <span class="ref">{platform.clientId}</span>
            </td>
            <td>
              {platform.deploymentIds.map((id, i) => (
                <>
                  {i > 0 ? ', ' : ''}
                  <span class="ref">{id}</span>
                </>
              ))}
            </td>
            <td>
              <time
                datetime={new Date(platform.createdAt).toISOString()}
                title={utcTime(platform.createdAt)}
              >
                {relativeTime(platform.createdAt, props.now)}
              </time>
            </td>
            <td>
              <form method="get" action={props.removePath(platform)}>
                <button
                  type="submit"
                  class="button-secondary"
                  data-testid="remove-lms"
                  aria-label={`Remove ${platform.name}`}
                >
                  Remove
                </button>
              </form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The issuer links out to the LMS, only when it is a web URL (it always is once validated). */
function IssuerLink(props: { issuer: string }) {
  if (!/^https?:\/\//i.test(props.issuer)) return <span class="ref">{props.issuer}</span>
  return (
    <a href={props.issuer} target="_blank" rel="noopener noreferrer">
      {props.issuer}
    </a>
  )
}

export interface RemoveLmsPageProps {
  readonly workspace: Workspace
  readonly admin?: ToolAdminHeaderAdmin
  readonly platform: Registration
}

/** The second step of a removal: what goes, and one button to confirm. */
export function RemoveLmsPage(props: RemoveLmsPageProps) {
  const { workspace, platform } = props
  const back = workspaceAdminPath(workspace, 'lti')
  return (
    <ToolAdminLayout title="Remove LMS" workspace={workspace} section="lti" admin={props.admin}>
      <div class="card stack" data-testid="remove-lms-confirmation">
        <h1>Remove {platform.name}?</h1>
        <dl class="facts">
          <dt>Issuer</dt>
          <dd>
            <span class="ref">{platform.issuer}</span>
          </dd>
          <dt>Client ID</dt>
          <dd>
            <span class="ref">{platform.clientId}</span>
          </dd>
          <dt>Deployment IDs</dt>
          <dd>{platform.deploymentIds.join(', ')}</dd>
        </dl>
        <p>
          Learners who open this workspace's scenarios from this LMS will see an error until it is
          connected again. The courses and activity links learned from it are forgotten here; grades
          already sent stay in the LMS.
        </p>
        <div class="row">
          <form
            method="post"
            action={workspaceAdminPath(workspace, 'lti', 'platforms', platform.id, 'remove')}
          >
            <button type="submit" class="button-danger" data-testid="confirm-remove">
              Remove connection
            </button>
          </form>
          <a class="button button-secondary" href={`${back}#connected`}>
            Cancel
          </a>
        </div>
      </div>
    </ToolAdminLayout>
  )
}
