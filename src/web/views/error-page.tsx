import { Layout } from './layout.js'

export interface ErrorPageProps {
  heading: string
  title: string
  message: string
  correlationId: string
}

/** The page a learner sees when a launch fails: what happened, and a reference for the admin. */
export function ErrorPage(props: ErrorPageProps) {
  return (
    <Layout title={props.heading}>
      <div class="card error" role="alert">
        <h1>{props.heading}</h1>
        <p>
          <strong>{props.title}.</strong> {props.message}
        </p>
        <p class="muted">
          If this keeps happening, give your administrator this reference:{' '}
          <span class="ref" data-testid="correlation-id">
            {props.correlationId}
          </span>
        </p>
      </div>
    </Layout>
  )
}
