import type { Child } from 'hono/jsx'
import type { Lti11Tool, Tool } from '../../platform/ports.js'
import type { AdminViewer } from '../platform-admin-guard.js'
import { AdminFormToken, AdminLayout } from './platform-admin-layout.js'
import { AdminNotice } from './platform-form-controls.js'

const STATUS_LABEL: Readonly<Record<Tool['status'], string>> = {
  active: 'Active',
  pending: 'Waiting for approval',
  disabled: 'Disabled',
}

/** A tool's status as a pill. */
export function ToolStatus(props: { status: Tool['status'] }) {
  return <span class={`pill status-${props.status}`}>{STATUS_LABEL[props.status]}</span>
}

/**
 * The buttons that change a tool's status: approve or reject a pending tool, disable or enable. They post
 * to `{path}/{id}/{verb}`: `/admin/tools` for LTI 1.3 tools, `/admin/lti11-tools` for 1.1 ones.
 */
export function ToolStatusActions(props: {
  tool: Pick<Tool, 'id' | 'name' | 'status'>
  viewer: AdminViewer
  path?: '/admin/tools' | '/admin/lti11-tools'
}) {
  const { tool } = props
  const action = (verb: 'approve' | 'disable' | 'enable') =>
    `${props.path ?? '/admin/tools'}/${encodeURIComponent(tool.id)}/${verb}`
  const button = (verb: 'approve' | 'disable' | 'enable', label: string, style?: string) => (
    <form method="post" action={action(verb)} class="inline-form">
      <AdminFormToken viewer={props.viewer} />
      <button
        type="submit"
        data-testid={`${verb}-tool`}
        {...(style ? { class: style } : {})}
        aria-label={`${label} ${tool.name}`}
      >
        {label}
      </button>
    </form>
  )
  switch (tool.status) {
    case 'pending':
      // Rejecting a registration is disabling it: it never launches unless enabled later.
      return (
        <>
          {button('approve', 'Approve')}
          {button('disable', 'Reject', 'danger')}
        </>
      )
    case 'active':
      return button('disable', 'Disable', 'danger')
    case 'disabled':
      return button('enable', 'Enable', 'secondary')
  }
}

/**
 * Every tool with its client and deployment IDs, status, and what an admin can do with it; LTI
 * 1.1 tools among them by their consumer key, managed on their own page.
 */
export function AdminToolsPage(props: {
  tools: readonly Tool[]
  /** LTI 1.1 tools, listed with the others in the order they were registered. */
  lti11Tools?: readonly Lti11Tool[]
  viewer: AdminViewer
  /** What just happened, shown above the list. */
  notice?: string
}) {
  const lti11Tools = props.lti11Tools ?? []
  const rows = [
    ...props.tools.map((tool) => ({
      createdAt: tool.createdAt,
      row: <ToolRow tool={tool} viewer={props.viewer} />,
    })),
    ...lti11Tools.map((tool) => ({ createdAt: tool.createdAt, row: <Lti11ToolRow tool={tool} /> })),
  ].sort((a, b) => a.createdAt - b.createdAt)
  return (
    <AdminLayout title="Tools" viewer={props.viewer} tab="tools">
      <AdminNotice notice={props.notice} />
      <section class="card">
        <div class="page-head">
          <h1>Tools</h1>
          <p>
            <a class="button" href="/admin/tools/new">
              Register a tool manually
            </a>{' '}
            <a class="button secondary" href="/admin/tools/register">
              Dynamic registration
            </a>
          </p>
        </div>
        {rows.length === 0 ? (
          <p class="muted" data-testid="no-tools">
            No tools yet. Register one manually with its URLs, or paste its registration URL for
            Dynamic Registration.
          </p>
        ) : (
          <div class="table-wrap">
            <table data-testid="tools" class="stack">
              <caption class="muted">LTI tools registered on this LMS</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">LTI version</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    {lti11Tools.length > 0 ? 'Client ID or consumer key' : 'Client ID'}
                  </th>
                  <th scope="col">Deployment ID</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>{rows.map(({ row }) => row)}</tbody>
            </table>
          </div>
        )}
      </section>
    </AdminLayout>
  )
}

/** One row of the list: a tool of either LTI version, its cells given by the version's row. */
function ToolListRow(props: {
  testid: 'tool-row' | 'lti11-tool-row'
  tool: Pick<Tool, 'id' | 'name' | 'status'>
  href: string
  version: '1.3' | '1.1'
  /** The client ID, or a 1.1 tool's consumer key: label and cell. */
  identifier: readonly [string, Child]
  deployment: Child
  actions: Child
}) {
  const { tool } = props
  return (
    <tr data-testid={props.testid} data-tool-id={tool.id} data-status={tool.status}>
      <th scope="row">
        <a href={props.href}>{tool.name}</a>
      </th>
      <td data-label="LTI version">{props.version}</td>
      <td data-label="Status">
        <ToolStatus status={tool.status} />
      </td>
      <td data-label={props.identifier[0]}>{props.identifier[1]}</td>
      <td data-label="Deployment ID">{props.deployment}</td>
      <td>{props.actions}</td>
    </tr>
  )
}

function ToolRow(props: { tool: Tool; viewer: AdminViewer }) {
  const { tool } = props
  return (
    <ToolListRow
      testid="tool-row"
      tool={tool}
      href={`/admin/tools/${encodeURIComponent(tool.id)}`}
      version="1.3"
      identifier={['Client ID', <code data-testid="tool-client-id">{tool.clientId}</code>]}
      deployment={<code data-testid="tool-deployment-id">{tool.deploymentId}</code>}
      actions={<ToolStatusActions tool={tool} viewer={props.viewer} />}
    />
  )
}

/**
 * An LTI 1.1 tool: its consumer key where 1.3 tools have a client ID, no deployment ID (LTI 1.1
 * has none), and a link to the LTI 1.1 tools page, where it is disabled or enabled.
 */
function Lti11ToolRow(props: { tool: Lti11Tool }) {
  const { tool } = props
  const href = `/admin/lti11-tools#${lti11ToolAnchor(tool.id)}`
  const consumerKey = (
    <>
      <code data-testid="tool-consumer-key">{tool.consumerKey}</code>{' '}
      <span class="muted">(consumer key)</span>
    </>
  )
  return (
    <ToolListRow
      testid="lti11-tool-row"
      tool={tool}
      href={href}
      version="1.1"
      identifier={['Consumer key', consumerKey]}
      deployment={<span class="muted">None in LTI 1.1</span>}
      actions={
        <a href={href} aria-label={`Manage ${tool.name} on the LTI 1.1 tools page`}>
          Manage
        </a>
      }
    />
  )
}

/** The ID of a 1.1 tool's row on the LTI 1.1 tools page, for links to it. */
export const lti11ToolAnchor = (id: string) => `lti11-tool-${id}`
