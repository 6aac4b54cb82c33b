import type { GradebookRow } from '../../platform/gradebook.js'
import type { LineItem } from '../../platform/ports.js'

/** The instructor's gradebook: one row per learner and line item, on the course's scale. */
export function GradebookTable(props: {
  rows: readonly GradebookRow[]
  lineItems: ReadonlyMap<string, LineItem>
  userNames: ReadonlyMap<string, string>
}) {
  if (props.rows.length === 0) return <p class="muted">No scores yet.</p>
  return (
    <table data-testid="gradebook">
      <thead>
        <tr>
          <th>Learner</th>
          <th>Activity</th>
          <th>Grade</th>
          <th>Progress</th>
          <th>Updated</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr data-user-id={row.userId} data-line-item-id={row.lineItemId}>
            <td>{props.userNames.get(row.userId) ?? row.userId}</td>
            <td>{props.lineItems.get(row.lineItemId)?.label ?? row.lineItemId}</td>
            <td data-testid="grade">{row.display ?? '—'}</td>
            <td>
              {row.activityProgress} / {row.gradingProgress}
            </td>
            <td>{row.timestamp}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
