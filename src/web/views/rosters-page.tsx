/**
 * Course rosters for a workspace's admins (NRPS 2.0): per LMS context, its members with their
 * roles and status, and who has not launched yet; when the roster was read and its last error.
 */
import type { RosterEntry, StoredRoster, Workspace } from '../../tool/ports.js'
import { TimeAgo } from './admin-time.js'
import { ErrorExplained } from './error-explained.js'
import { ToolAdminLayout, workspaceAdminPath } from './tool-admin-layout.js'
import type { ToolAdminHeaderAdmin } from './tool-admin-layout.js'

export interface RosterView extends StoredRoster {
  /** The connected LMS it comes from. */
  readonly platformName: string
}

export interface RostersPageProps {
  readonly workspace: Workspace
  readonly admin?: ToolAdminHeaderAdmin
  readonly rosters: readonly RosterView[]
  readonly now: number
  readonly notice?: string
  /** A refresh just failed: its error shows on the roster. */
  readonly refreshFailed?: boolean
}

export function RostersPage(props: RostersPageProps) {
  const { workspace, rosters } = props
  return (
    <ToolAdminLayout
      title="Course rosters"
      workspace={workspace}
      section="rosters"
      admin={props.admin}
      {...(props.notice ? { notice: props.notice } : {})}
    >
      <section class="card stack">
        <h1>Course rosters</h1>
        <p class="muted">
          The members of each course that launched this tool, as the LMS's roster service lists
          them. The tool reads a roster after a launch when it is older than a day; Refresh reads it
          now. Members marked "Not launched yet" have not opened the tool from that course.
        </p>
        {props.refreshFailed ? (
          <p class="error-box" role="alert" data-testid="refresh-failed">
            The LMS did not give the roster. The error and how to fix it show on the course below.
          </p>
        ) : null}
        {rosters.length === 0 ? (
          <div class="empty" data-testid="rosters-empty">
            <p>
              <strong>No course rosters yet.</strong>
            </p>
            <p class="muted">
              A roster appears after the first launch from a course whose LMS offers the roster
              service (Names and Role Provisioning). Enable it for the tool in the LMS.
            </p>
          </div>
        ) : null}
      </section>
      {rosters.map((roster) => (
        <Roster
          roster={roster}
          workspace={workspace}
          now={props.now}
          expanded={rosters.length === 1}
        />
      ))}
    </ToolAdminLayout>
  )
}

function Roster(props: {
  roster: RosterView
  workspace: Workspace
  now: number
  expanded: boolean
}) {
  const { roster, now } = props
  const members = sortMembers(roster.members)
  const notLaunched = members.filter((m) => !m.launched).length
  return (
    <section class="card stack" data-testid="roster" data-context-id={roster.contextId}>
      <h2>{roster.contextTitle ?? roster.contextId}</h2>
      <p class="muted">
        Course ID <span class="ref">{roster.contextId}</span> in {roster.platformName}
      </p>
      <p data-testid="roster-counts">
        {members.length} {members.length === 1 ? 'member' : 'members'}
        {notLaunched > 0 ? (
          <>
            , <strong>{notLaunched} not launched yet</strong>
          </>
        ) : members.length > 0 ? (
          ', all launched'
        ) : null}
      </p>
      <p>
        Last read from the LMS:{' '}
        {roster.syncedAt !== undefined ? <TimeAgo at={roster.syncedAt} now={now} /> : 'never'}
      </p>
      {roster.lastErrorCode ? (
        <>
          <p>
            <span class="pill pill-bad">Last read failed</span>{' '}
            {roster.lastAttemptAt !== undefined ? (
              <TimeAgo at={roster.lastAttemptAt} now={now} />
            ) : null}
          </p>
          <ErrorExplained code={roster.lastErrorCode} testid="roster-error" />
        </>
      ) : null}
      <form method="post" action={workspaceAdminPath(props.workspace, 'rosters', 'refresh')}>
        <input type="hidden" name="platformId" value={roster.registrationId} />
        <input type="hidden" name="contextId" value={roster.contextId} />
        <button type="submit" class="button button-secondary" data-testid="refresh-roster">
          Refresh roster
        </button>
      </form>
      {members.length === 0 ? (
        <p class="empty">
          {roster.syncedAt === undefined ? 'Not read yet.' : 'The LMS lists no members.'}
        </p>
      ) : (
        <details open={props.expanded}>
          <summary>
            Members{notLaunched > 0 ? `: ${notLaunched} not launched yet, listed first` : ''}
          </summary>
          <div class="table-scroll">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">Launched</th>
                </tr>
              </thead>
              <tbody>
                {members.map((member) => (
                  <Member member={member} now={now} />
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </section>
  )
}

function Member(props: { member: RosterEntry; now: number }) {
  const { member } = props
  return (
    <tr data-testid="roster-member" data-launched={String(member.launched)}>
      <td>
        {member.name ?? member.email ?? <span class="muted">Name not shared by the LMS</span>}
        {member.name && member.email ? (
          <>
            <br />
            <span class="muted">{member.email}</span>
          </>
        ) : null}
        <br />
        <span class="muted">
          user ID <span class="ref">{member.userId}</span>
        </span>
      </td>
      <td>{roleNames(member.roles)}</td>
      <td>
        {member.status === 'Active' ? (
          <span class="pill pill-ok">Active</span>
        ) : (
          <span class="pill">{member.status}</span>
        )}
      </td>
      <td>
        {member.launched && member.lastLaunchAt !== undefined ? (
          <TimeAgo at={member.lastLaunchAt} now={props.now} />
        ) : (
          <span class="pill pill-warn" data-testid="not-launched">
            Not launched yet
          </span>
        )}
      </td>
    </tr>
  )
}

/** Who has not launched first, then by name: the people an instructor may want to remind. */
function sortMembers(members: readonly RosterEntry[]): RosterEntry[] {
  const key = (m: RosterEntry) => (m.name ?? m.email ?? m.userId).toLowerCase()
  return [...members].sort(
    (a, b) => Number(a.launched) - Number(b.launched) || key(a).localeCompare(key(b)),
  )
}

/** LIS role URIs (Core 1.3 §A.2) by their last segment: `…/membership#Learner` is "Learner". */
function roleNames(roles: readonly string[]): string {
  const names = roles.map((role) =>
    role.slice(Math.max(role.lastIndexOf('#'), role.lastIndexOf('/')) + 1),
  )
  return [...new Set(names.filter(Boolean))].join(', ') || '—'
}
