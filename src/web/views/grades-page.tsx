/**
 * Grade passback for a workspace's admins: each attempt's scores and whether the LMS gradebook
 * has them (pending, posted, failed with the LMS's answer, or not applicable and why).
 */
import type { Workspace } from '../../tool/ports.js'
import type { AttemptPassback } from '../attempt-passback.js'
import { TimeAgo } from './admin-time.js'
import { catalogueEntry, ErrorExplained } from './error-explained.js'
import { ToolAdminLayout, workspaceAdminPath } from './tool-admin-layout.js'
import type { ToolAdminHeaderAdmin } from './tool-admin-layout.js'
import type { WorkspaceNames } from '../workspace-names.js'

export interface GradesPageProps {
  readonly workspace: Workspace
  readonly admin?: ToolAdminHeaderAdmin
  readonly attempts: readonly AttemptPassback[]
  readonly names: WorkspaceNames
  readonly now: number
  /** How many attempts at most the page shows. */
  readonly limit: number
  readonly notice?: string
}

export function GradesPage(props: GradesPageProps) {
  const { workspace, attempts, names, now } = props
  return (
    <ToolAdminLayout
      title="Grade passback"
      workspace={workspace}
      section="grades"
      admin={props.admin}
      {...(props.notice ? { notice: props.notice } : {})}
    >
      <section class="card stack">
        <h1>Grade passback</h1>
        <p class="muted">
          Each learner's attempt at a scenario, its scores, and whether the LMS gradebook has the
          best one. The tool posts scores by itself and retries when the LMS is down; a failed post
          waits for you to fix its cause and press Retry.
        </p>
        {attempts.length === 0 ? (
          <div class="empty" data-testid="grades-empty">
            <p>
              <strong>No attempts yet.</strong>
            </p>
            <p class="muted">
              An attempt starts when a learner launches a scenario from their course; its scores
              show here once they play it.
            </p>
          </div>
        ) : (
          <div class="table-scroll">
            <table class="table">
              <caption class="muted">
                {attempts.length === props.limit
                  ? `The ${props.limit} most recently launched attempts`
                  : 'Attempts, most recently launched first'}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Learner</th>
                  <th scope="col">Scenario</th>
                  <th scope="col">Score</th>
                  <th scope="col">Gradebook</th>
                </tr>
              </thead>
              <tbody>
                {attempts.map((row) => (
                  <AttemptRow row={row} names={names} now={now} workspace={workspace} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </ToolAdminLayout>
  )
}

function AttemptRow(props: {
  row: AttemptPassback
  names: WorkspaceNames
  now: number
  workspace: Workspace
}) {
  const { row, names } = props
  const { attempt, results } = row
  return (
    <tr data-testid="attempt-row" data-attempt-id={attempt.id}>
      <td>
        {names.member(attempt.memberId) ?? <span class="muted">Name not shared by the LMS</span>}
        <br />
        <span class="muted">
          last launch <TimeAgo at={attempt.updatedAt} now={props.now} />
        </span>
      </td>
      <td>{names.scenario(attempt.scenarioId) ?? <span class="muted">Removed scenario</span>}</td>
      <td>
        {results.length === 0 ? (
          <span class="muted">Not played yet</span>
        ) : (
          <>
            best <strong>{row.bestScore}</strong>, latest {row.latestScore}
            <br />
            <span class="muted">
              {results.length} {results.length === 1 ? 'result' : 'results'}
            </span>
          </>
        )}
      </td>
      <td>
        <PassbackStatus row={row} now={props.now} />
        {canRetry(row) ? (
          <form
            method="post"
            action={workspaceAdminPath(props.workspace, 'attempts', attempt.id, 'retry')}
          >
            <button type="submit" class="button button-secondary" data-testid="retry-passback">
              Retry
            </button>
          </form>
        ) : null}
      </td>
    </tr>
  )
}

/** A retry does something for a post that failed, or that had nowhere to go but now has. */
function canRetry(row: AttemptPassback): boolean {
  const status = row.passback?.status
  return row.agsAvailable && (status === 'failed' || status === 'not-applicable')
}

function PassbackStatus(props: { row: AttemptPassback; now: number }) {
  const { passback } = props.row
  if (!passback) {
    return (
      <div data-testid="passback-status" data-status="none">
        <span class="muted">Nothing to post yet</span>
      </div>
    )
  }
  const posted =
    passback.postedScore === undefined ? null : (
      <p>
        In the gradebook: <strong>{passback.postedScore}</strong>
      </p>
    )
  switch (passback.status) {
    case 'posted':
      return (
        <div data-testid="passback-status" data-status="posted">
          <span class="pill pill-ok">Posted</span>
          {posted}
        </div>
      )
    case 'pending':
      return (
        <div data-testid="passback-status" data-status="pending">
          <span class="pill pill-warn">Pending</span>
          {posted}
          <p class="muted">
            {passback.nextTryAt !== undefined && passback.nextTryAt > props.now ? (
              <>
                next try <TimeAgo at={passback.nextTryAt} now={props.now} />
              </>
            ) : (
              'posting now'
            )}
            {passback.attempts > 0 ? `, ${passback.attempts} tries so far` : ''}
          </p>
          {passback.lastError ? (
            <p class="muted">
              Last try: <span class="ref">{passback.lastError.code}</span>{' '}
              {catalogueEntry(passback.lastError.code)?.title ?? ''}
            </p>
          ) : null}
        </div>
      )
    case 'failed':
      return (
        <div data-testid="passback-status" data-status="failed">
          <span class="pill pill-bad">Failed</span>
          {posted}
          <ErrorExplained
            code={passback.lastError?.code ?? 'LTI_INTERNAL'}
            {...(passback.lastError?.message ? { detail: passback.lastError.message } : {})}
            detailLabel="The LMS answered"
            testid="passback"
          />
        </div>
      )
    case 'not-applicable': {
      const code = passback.lastError?.code ?? 'LTI_AGS_NOT_AVAILABLE'
      return (
        <div data-testid="passback-status" data-status="not-applicable">
          <span class="pill">Not applicable</span>
          <p class="muted" data-testid="passback-why">
            {catalogueEntry(code)?.hint ?? code}
          </p>
        </div>
      )
    }
  }
}
