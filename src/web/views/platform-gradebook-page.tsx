import type { GradebookRow } from '../../platform/gradebook.js'
import type { Context } from '../../platform/ports.js'
import type { GradebookColumn, GradebookPerson } from './platform-gradebook-table.js'
import { describeScale, GradebookTable } from './platform-gradebook-table.js'
import type { HeaderUser } from './platform-layout.js'
import { PlatformLayout } from './platform-layout.js'

function CourseCrumb(props: { context: Context }) {
  return (
    <p class="breadcrumb">
      <a href={`/courses/${encodeURIComponent(props.context.id)}`}>{props.context.title}</a>
    </p>
  )
}

/** The instructor's gradebook page: every learner's grade on every graded activity. */
export function GradebookPage(props: {
  user: HeaderUser
  context: Context
  people: readonly GradebookPerson[]
  columns: readonly GradebookColumn[]
  cells: ReadonlyMap<string, GradebookRow>
}) {
  const { context } = props
  return (
    <PlatformLayout title={`Gradebook · ${context.title}`} user={props.user} section="courses">
      <section class="card">
        <CourseCrumb context={context} />
        <h1>Gradebook</h1>
        {props.columns.length === 0 ? (
          <p class="muted" data-testid="gradebook-empty">
            No graded activities yet. Add an activity marked “Graded”, or pick graded content in a
            tool; its column appears here.
          </p>
        ) : props.people.length === 0 ? (
          <p class="muted" data-testid="gradebook-empty">
            No learners are enrolled in this course yet.
          </p>
        ) : (
          <GradebookTable
            people={props.people}
            columns={props.columns}
            cells={props.cells}
            scale={context.gradingScale}
          />
        )}
      </section>
    </PlatformLayout>
  )
}

/** One of the learner's grades: an activity and the latest score on it, if any. */
export interface OwnGrade {
  readonly column: GradebookColumn
  readonly row?: GradebookRow
}

/** A learner's own grades in a course, on the course's scale. */
export function MyGradesPage(props: {
  user: HeaderUser
  context: Context
  grades: readonly OwnGrade[]
}) {
  const { context } = props
  return (
    <PlatformLayout title={`My grades · ${context.title}`} user={props.user} section="courses">
      <section class="card">
        <CourseCrumb context={context} />
        <h1>My grades</h1>
        {props.grades.length === 0 ? (
          <p class="muted" data-testid="grades-empty">
            This course has no graded activities yet.
          </p>
        ) : (
          <div class="table-wrap">
            <table data-testid="my-grades">
              <caption class="muted">
                Your latest score on each graded activity, in {describeScale(context.gradingScale)}.
              </caption>
              <thead>
                <tr>
                  <th scope="col">Activity</th>
                  <th scope="col">Grade</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {props.grades.map(({ column, row }) => (
                  <tr data-line-item-id={column.lineItemId}>
                    <th scope="row">{column.title}</th>
                    <td
                      class="grade"
                      data-testid="my-grade"
                      data-link={column.title}
                      data-line-item-id={column.lineItemId}
                    >
                      {row?.display ?? '—'}
                    </td>
                    <td>{row ? statusOf(row) : 'Not attempted yet'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </PlatformLayout>
  )
}

/** AGS 2.0 §3.4.7-8 progress values in words. */
function statusOf(row: GradebookRow): string {
  if (row.gradingProgress === 'FullyGraded') return 'Graded'
  if (row.gradingProgress === 'Pending' || row.gradingProgress === 'PendingManual') {
    return 'Waiting for grading'
  }
  if (row.activityProgress === 'Completed' || row.activityProgress === 'Submitted') {
    return 'Submitted'
  }
  return 'In progress'
}
