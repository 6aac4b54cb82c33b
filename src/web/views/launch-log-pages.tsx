/**
 * The workspace's launch log for its admins: recent launches, a search by the reference a
 * learner's error page showed, and one launch's detail with what failed and how to fix it.
 */
import { MESSAGE_TYPE } from '../../core/claims.js'
import type { Workspace } from '../../tool/ports.js'
import type { LaunchLogRecord } from '../../store/launch-repository.js'
import { ToolAdminLayout, workspaceAdminPath } from './tool-admin-layout.js'
import type { ToolAdminHeaderAdmin } from './tool-admin-layout.js'
import { TimeAgo } from './admin-time.js'
import { ErrorExplained } from './error-explained.js'

/** Names of the members and scenarios the entries refer to. */
export interface LaunchNames {
  member(id: string | undefined): string | undefined
  scenario(id: string | undefined): string | undefined
}

export interface LaunchLogPageProps {
  readonly workspace: Workspace
  readonly admin?: ToolAdminHeaderAdmin
  readonly launches: readonly LaunchLogRecord[]
  readonly names: LaunchNames
  readonly now: number
  /** The correlation ID searched for, as typed. */
  readonly q?: string
  /** The query string of the next (older) page, when there is one. */
  readonly older?: string
  /** Set on an older page: the way back to the newest. */
  readonly paged?: boolean
}

const MESSAGE_TYPE_NAMES: Readonly<Record<string, string>> = {
  [MESSAGE_TYPE.resourceLink]: 'Activity launch',
  [MESSAGE_TYPE.deepLinkingRequest]: 'Content selection',
  [MESSAGE_TYPE.submissionReview]: 'Submission review',
}

function messageTypeName(type: string | undefined): string {
  if (!type) return '—'
  return MESSAGE_TYPE_NAMES[type] ?? type
}

function Outcome(props: { outcome: LaunchLogRecord['outcome'] }) {
  return props.outcome === 'success' ? (
    <span class="pill pill-ok">Succeeded</span>
  ) : (
    <span class="pill pill-bad">Failed</span>
  )
}

export function LaunchLogPage(props: LaunchLogPageProps) {
  const { workspace, launches, names, now, q } = props
  const path = workspaceAdminPath(workspace, 'launches')
  return (
    <ToolAdminLayout
      title="Launch log"
      workspace={workspace}
      section="launches"
      admin={props.admin}
    >
      <section class="card stack">
        <h1>Launch log</h1>
        <p class="muted">
          Every launch into this workspace from a connected LMS, newest first. A learner who saw an
          error page can give you its reference: search for it to see what failed.
        </p>
        <form method="get" action={path} role="search" class="row">
          <div class="field">
            <label for="q">Reference (correlation ID)</label>
            <input
              id="q"
              name="q"
              type="search"
              value={q ?? ''}
              maxlength={100}
              autocomplete="off"
              spellcheck={false}
              placeholder="e.g. 3f2c9a1e-…"
              data-testid="launch-search"
            />
          </div>
          <button type="submit" class="button">
            Search
          </button>
          {q || props.paged ? (
            <a href={path} class="button button-secondary">
              Show the latest launches
            </a>
          ) : null}
        </form>

        {launches.length === 0 ? (
          q ? (
            <div class="empty" data-testid="launch-not-found">
              <p>
                <strong>No launch with the reference {q} in this workspace.</strong>
              </p>
              <p class="muted">
                Check that it is copied in full (it looks like 8-4-4-4-12 letters and digits), and
                that the learner launched into this workspace.
              </p>
            </div>
          ) : (
            <div class="empty" data-testid="launch-empty">
              <p>
                <strong>No launches {props.paged ? 'older than these' : 'yet'}.</strong>
              </p>
              <p class="muted">
                Once an LMS launches this tool (connect one under LTI settings), every launch and
                every failed one appears here.
              </p>
            </div>
          )
        ) : (
          <div class="table-scroll">
            <table class="table">
              <caption class="muted">
                {q ? `Launches with the reference ${q}` : 'Recent launches, newest first'}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Outcome</th>
                  <th scope="col">When</th>
                  <th scope="col">Message</th>
                  <th scope="col">Learner</th>
                  <th scope="col">Scenario</th>
                  <th scope="col">Error code</th>
                  <th scope="col">Reference</th>
                </tr>
              </thead>
              <tbody>
                {launches.map((launch) => (
                  <tr data-testid="launch-row" data-outcome={launch.outcome}>
                    <td>
                      <Outcome outcome={launch.outcome} />
                    </td>
                    <td>
                      <TimeAgo at={launch.at} now={now} />
                    </td>
                    <td>{messageTypeName(launch.messageType)}</td>
                    <td>{names.member(launch.memberId) ?? <span class="muted">—</span>}</td>
                    <td>{names.scenario(launch.scenarioId) ?? <span class="muted">—</span>}</td>
                    <td>
                      {launch.errorCode ? (
                        <span class="ref">{launch.errorCode}</span>
                      ) : (
                        <span class="muted">—</span>
                      )}
                    </td>
                    <td>
                      <a
                        href={workspaceAdminPath(workspace, 'launches', launch.correlationId)}
                        class="ref"
                      >
                        {launch.correlationId}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {props.older ? (
          <p>
            <a href={`${path}?${props.older}`} rel="next" data-testid="launch-older">
              Older launches
            </a>
          </p>
        ) : null}
      </section>
    </ToolAdminLayout>
  )
}

export interface LaunchDetailPageProps {
  readonly workspace: Workspace
  readonly admin?: ToolAdminHeaderAdmin
  readonly launch: LaunchLogRecord
  readonly names: LaunchNames
  readonly now: number
}

export function LaunchDetailPage(props: LaunchDetailPageProps) {
  const { workspace, launch, names } = props
  const failed = launch.outcome === 'failure'
  const title = failed ? 'Failed launch' : 'Launch'
  return (
    <ToolAdminLayout title={title} workspace={workspace} section="launches" admin={props.admin}>
      <section class="card stack" data-testid="launch-detail">
        <p>
          <a href={workspaceAdminPath(workspace, 'launches')}>← Launch log</a>
        </p>
        <h1>
          {title} <Outcome outcome={launch.outcome} />
        </h1>
        <dl>
          <dt>Reference</dt>
          <dd>
            <span class="ref" data-testid="launch-reference">
              {launch.correlationId}
            </span>
          </dd>
          <dt>When</dt>
          <dd>
            <TimeAgo at={launch.at} now={props.now} />
          </dd>
          <dt>Message</dt>
          <dd>{messageTypeName(launch.messageType)}</dd>
          <Fact label="Learner" value={names.member(launch.memberId)} />
          <Fact label="Scenario" value={names.scenario(launch.scenarioId)} />
          <Fact label="LMS issuer" value={launch.issuer} mono />
          <Fact label="Client ID" value={launch.clientId} mono />
          <Fact label="Deployment ID" value={launch.deploymentId} mono />
        </dl>

        {failed ? (
          <>
            <h2>What failed</h2>
            <ErrorExplained
              code={launch.errorCode ?? 'LTI_INTERNAL'}
              {...(launch.message ? { detail: launch.message } : {})}
              detailLabel="The check said"
              testid="launch"
            />
          </>
        ) : null}

        <h2>Claims</h2>
        {launch.claims ? (
          <>
            <p class="muted">
              The id_token's claims as the LMS sent them, with names, emails and other personal data
              removed before they were stored.
              {launch.outcome === 'failure'
                ? ' The launch failed, so these claims were not trusted: they may be forged.'
                : null}
            </p>
            <div class="table-scroll">
              <pre data-testid="launch-claims" tabindex={0}>
                {JSON.stringify(launch.claims, null, 2)}
              </pre>
            </div>
          </>
        ) : (
          <p class="muted">
            None recorded: the launch failed before its id_token could be read and trusted.
          </p>
        )}
      </section>
    </ToolAdminLayout>
  )
}

function Fact(props: { label: string; value: string | undefined; mono?: boolean }) {
  if (!props.value) return null
  return (
    <>
      <dt>{props.label}</dt>
      <dd>{props.mono ? <span class="ref">{props.value}</span> : props.value}</dd>
    </>
  )
}

/** The page for a reference this workspace has no launch for. */
export function LaunchNotFoundPage(props: {
  workspace: Workspace
  admin?: ToolAdminHeaderAdmin
  correlationId: string
}) {
  return (
    <ToolAdminLayout
      title="Launch not found"
      workspace={props.workspace}
      section="launches"
      admin={props.admin}
    >
      <section class="card stack" data-testid="launch-not-found">
        <h1>Launch not found</h1>
        <p>
          No launch with the reference <span class="ref">{props.correlationId}</span> in this
          workspace.
        </p>
        <p>
          <a href={workspaceAdminPath(props.workspace, 'launches')}>Back to the launch log</a>
        </p>
      </section>
    </ToolAdminLayout>
  )
}
