import type { GradebookRow } from '../../platform/gradebook.js'
import type { GradingScale } from '../../platform/ports.js'

/** A gradebook column: a line item, titled by its activity when it is bound to one. */
export interface GradebookColumn {
  readonly lineItemId: string
  readonly title: string
  readonly linkId?: string
  readonly scoreMaximum: number
}

/** A gradebook row: a person enrolled in the course. */
export interface GradebookPerson {
  readonly userId: string
  readonly name: string
  readonly email: string
}

/** How the course's scale reads in a sentence. */
export function describeScale(scale: GradingScale): string {
  switch (scale.type) {
    case 'points':
      return 'points out of each activity’s maximum'
    case 'percentage':
      return 'percent'
    case 'letter':
      return `letter grades (${scale.bands.map((b) => `${b.letter} from ${b.minPercent}%`).join(', ')})`
  }
}

/** A cell's text: the grade on the scale, or what keeps it from being one. */
function cellText(row: GradebookRow | undefined): string {
  if (!row) return '—'
  if (row.display) return row.display
  return row.activityProgress === 'NotStarted' || row.activityProgress === 'Initialized'
    ? 'Not started'
    : 'In progress'
}

/**
 * The instructor's gradebook: learners × activities, each cell the learner's latest score on the
 * course's scale. Cells carry `data-user` (e-mail) and `data-link` (column title) for tests and
 * scripts that look one up.
 */
export function GradebookTable(props: {
  people: readonly GradebookPerson[]
  columns: readonly GradebookColumn[]
  /** By `${userId} ${lineItemId}`. */
  cells: ReadonlyMap<string, GradebookRow>
  scale: GradingScale
}) {
  return (
    <div class="table-wrap">
      <table data-testid="gradebook">
        <caption class="muted">
          Latest score of each learner, in {describeScale(props.scale)}. “—” means no score yet.
        </caption>
        <thead>
          <tr>
            <th scope="col">Learner</th>
            {props.columns.map((column) => (
              <th scope="col" data-line-item-id={column.lineItemId}>
                {column.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.people.map((person) => (
            <tr data-user-id={person.userId}>
              <th scope="row">
                {person.name}
                <span class="hint">{person.email}</span>
              </th>
              {props.columns.map((column) => {
                const row = props.cells.get(`${person.userId} ${column.lineItemId}`)
                return (
                  <td
                    class="grade"
                    data-user={person.email}
                    data-link={column.title}
                    data-user-id={person.userId}
                    data-line-item-id={column.lineItemId}
                    {...(row?.timestamp ? { title: `Updated ${row.timestamp}` } : {})}
                  >
                    {cellText(row)}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
