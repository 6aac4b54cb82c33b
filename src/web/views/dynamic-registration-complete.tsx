import { createHash } from 'node:crypto'
import { raw } from 'hono/html'
import { Layout } from './layout.js'

// Dynamic Registration 1.0 §3.7: tell the LMS's window the registration is over.
const CLOSE_SCRIPT =
  "(window.opener || window.parent).postMessage({ subject: 'org.imsglobal.lti.close' }, '*')"

/** The Content-Security-Policy of the page: only the closing script runs. */
export const REGISTRATION_COMPLETE_CSP = `default-src 'none'; script-src 'sha256-${createHash('sha256').update(CLOSE_SCRIPT).digest('base64')}'; style-src 'unsafe-inline'; base-uri 'none'`

export interface RegistrationCompleteProps {
  platformName: string
  clientId: string
  deploymentIds: readonly string[]
}

/** Dynamic Registration finished: the connection exists; the LMS is asked to close the window. */
export function RegistrationCompletePage(props: RegistrationCompleteProps) {
  return (
    <Layout title="Registration complete">
      <div class="card">
        <h1>Registration complete</h1>
        <p>
          <strong>{props.platformName}</strong> is connected. Client ID:{' '}
          <span class="ref" data-testid="client-id">
            {props.clientId}
          </span>
        </p>
        {props.deploymentIds.length > 0 ? (
          <p>Deployment ID: {props.deploymentIds.join(', ')}</p>
        ) : (
          <p class="muted">
            The LMS sent no deployment ID yet. Launches are refused until the connection has one:
            remove this connection and connect the LMS manually with the deployment ID it shows.
          </p>
        )}
        <p class="muted">You can close this window.</p>
      </div>
      <script>{raw(CLOSE_SCRIPT)}</script>
    </Layout>
  )
}
