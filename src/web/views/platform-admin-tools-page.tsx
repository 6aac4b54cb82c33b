import type { Tool } from '../../platform/ports.js'
import type { AdminViewer } from '../platform-admin-guard.js'
import { AdminFormToken, AdminLayout } from './platform-admin-layout.js'

const STATUS_LABEL: Readonly<Record<Tool['status'], string>> = {
  active: 'Active',
  pending: 'Waiting for approval',
  disabled: 'Disabled',
}

/** A tool's status as a pill. */
export function ToolStatus(props: { status: Tool['status'] }) {
  return <span class={`pill status-${props.status}`}>{STATUS_LABEL[props.status]}</span>
}

/** The buttons that change a tool's status: approve a pending tool, disable or enable. */
export function ToolStatusActions(props: { tool: Tool; viewer: AdminViewer }) {
  const { tool } = props
  const action = (verb: 'approve' | 'disable' | 'enable') =>
    `/admin/tools/${encodeURIComponent(tool.id)}/${verb}`
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
      return button('approve', 'Approve')
    case 'active':
      return button('disable', 'Disable', 'danger')
    case 'disabled':
      return button('enable', 'Enable', 'secondary')
  }
}

/** Every tool with its client and deployment IDs, status, and what an admin can do with it. */
export function AdminToolsPage(props: {
  tools: readonly Tool[]
  viewer: AdminViewer
  /** What just happened, shown above the list. */
  notice?: string
}) {
  return (
    <AdminLayout title="Tools" viewer={props.viewer} tab="tools">
      {props.notice ? (
        <p class="notice ok" role="status" data-testid="admin-notice">
          {props.notice}
        </p>
      ) : null}
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
        {props.tools.length === 0 ? (
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
                  <th scope="col">Client ID</th>
                  <th scope="col">Deployment ID</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {props.tools.map((tool) => (
                  <tr data-testid="tool-row" data-tool-id={tool.id} data-status={tool.status}>
                    <th scope="row">
                      <a href={`/admin/tools/${encodeURIComponent(tool.id)}`}>{tool.name}</a>
                    </th>
                    <td data-label="LTI version">1.3</td>
                    <td data-label="Status">
                      <ToolStatus status={tool.status} />
                    </td>
                    <td data-label="Client ID">
                      <code data-testid="tool-client-id">{tool.clientId}</code>
                    </td>
                    <td data-label="Deployment ID">
                      <code data-testid="tool-deployment-id">{tool.deploymentId}</code>
                    </td>
                    <td>
                      <ToolStatusActions tool={tool} viewer={props.viewer} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </AdminLayout>
  )
}
