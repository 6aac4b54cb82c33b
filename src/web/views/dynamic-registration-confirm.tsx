import { Layout } from './layout.js'

export interface RegistrationConfirmProps {
  workspaceName: string
  platformName: string
  issuer: string
  /** Human names of the services asked for. */
  services: readonly string[]
  messages: readonly string[]
  action: string
  token: string
}

/** Dynamic Registration: what the tool is about to register with the LMS, for the admin to confirm. */
export function RegistrationConfirmPage(props: RegistrationConfirmProps) {
  return (
    <Layout title="Connect this LMS">
      <div class="card">
        <h1>Connect {props.platformName}</h1>
        <p>
          The LMS asks to connect to the workspace <strong>{props.workspaceName}</strong>.
        </p>
        <ul class="list">
          <li>
            LMS: <strong data-testid="platform-name">{props.platformName}</strong>
          </li>
          <li>
            Issuer:{' '}
            <span class="ref" data-testid="issuer">
              {props.issuer}
            </span>
          </li>
          <li>
            Services asked for:{' '}
            {props.services.length > 0 ? props.services.join(', ') : 'none (launches only)'}
          </li>
          <li>Launches: {props.messages.join(', ')}</li>
        </ul>
        <form method="post" action={props.action}>
          <input type="hidden" name="confirmation" value={props.token} />
          <button type="submit">Register</button>
        </form>
      </div>
    </Layout>
  )
}
