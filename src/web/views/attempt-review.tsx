import { Layout } from './layout.js'

export interface ReviewedAttempt {
  id: string
  scenarioTitle: string
  startedAt: number
  results: readonly { score: number; at: number }[]
  bestScore?: number
  /** The grade passback state, as the attempts API names it. */
  passback?: string
}

/** Submission review: one learner's attempts at a course activity, read-only, for an instructor. */
export function AttemptReviewPage(props: {
  learnerName: string
  attempts: readonly ReviewedAttempt[]
}) {
  const time = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'
  return (
    <Layout title={`Attempts of ${props.learnerName}`}>
      <div class="card">
        <span class="pill">Submission review</span>
        <h1 data-testid="review-learner">{props.learnerName}</h1>
        {props.attempts.length === 0 ? (
          <p data-testid="review-empty">This learner has not started this activity yet.</p>
        ) : null}
        <ul class="list" data-testid="review-attempts">
          {props.attempts.map((attempt) => (
            <li data-attempt-id={attempt.id}>
              <strong>{attempt.scenarioTitle}</strong>
              <div class="muted">
                Started {time(attempt.startedAt)}
                {attempt.bestScore !== undefined ? ` · best score ${attempt.bestScore}` : ''}
                {attempt.passback ? ` · grade ${attempt.passback}` : ''}
              </div>
              {attempt.results.length === 0 ? (
                <p class="muted">No result reported yet.</p>
              ) : (
                <ol>
                  {attempt.results.map((r) => (
                    <li data-score={String(r.score)}>
                      {r.score} <span class="muted">({time(r.at)})</span>
                    </li>
                  ))}
                </ol>
              )}
            </li>
          ))}
        </ul>
      </div>
    </Layout>
  )
}
