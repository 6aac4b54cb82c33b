/**
 * Above a tool admin form that came back refused: that it was not saved, how many fields to fix,
 * and each field's problem linking to its control. Announced at once (`role="alert"`).
 */

/** One refused field: the ID of its control (`field`), its label and its message. */
export interface FormProblem {
  readonly field: string
  readonly label: string
  readonly message: string
}

export function FormErrorSummary(props: {
  /** What was not saved: "scenario" gives "The scenario was not saved". */
  subject: string
  problems: readonly FormProblem[]
}) {
  const { problems } = props
  if (problems.length === 0) return null
  return (
    <div class="error-box" role="alert" data-testid="form-errors">
      <p>
        <strong>
          The {props.subject} was not saved: fix the{' '}
          {problems.length === 1 ? 'field' : `${problems.length} fields`} marked below.
        </strong>
      </p>
      <ul>
        {problems.map((problem) => (
          <li>
            <a href={`#${problem.field}`}>{problem.label}</a>: {problem.message}
          </li>
        ))}
      </ul>
    </div>
  )
}
