import { ERROR_CATALOGUE } from '../../core/errors.js'
import type { LtiErrorCode } from '../../core/errors.js'
import { Layout } from './layout.js'

export interface RegistrationFailedProps {
  code: LtiErrorCode
  correlationId: string
  /** The LMS's own `error` / `error_description`, when it refused. */
  platformError?: string
}

const HEADINGS: Partial<Record<LtiErrorCode, string>> = {
  LTI_REGISTRATION_URL_EXPIRED: 'This registration URL has expired',
  LTI_REGISTRATION_URL_USED: 'This registration URL was already used',
  LTI_REGISTRATION_URL_INVALID: 'This registration URL is not valid',
}

/** Dynamic Registration failed or cannot start: why, what to do, and a reference for the log. */
export function RegistrationFailedPage(props: RegistrationFailedProps) {
  const entry = ERROR_CATALOGUE[props.code]
  const heading = HEADINGS[props.code] ?? 'Registration failed'
  return (
    <Layout title={heading}>
      <div class="card error" role="alert">
        <h1>{heading}</h1>
        <p>
          <strong>{entry.title}.</strong> {entry.hint}
        </p>
        {props.platformError ? (
          <p>
            The LMS said: <span class="ref">{props.platformError}</span>
          </p>
        ) : null}
        <p class="muted">
          Nothing was connected. Reference for the administrator:{' '}
          <span class="ref" data-testid="correlation-id">
            {props.correlationId}
          </span>{' '}
          <span class="pill" data-testid="error-code">
            {props.code}
          </span>
        </p>
      </div>
    </Layout>
  )
}
