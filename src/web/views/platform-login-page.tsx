import { ERROR_CATALOGUE } from '../../core/errors.js'
import type { LtiErrorCode } from '../../core/errors.js'
import { PlatformLayout } from './platform-layout.js'
import { EmailPasswordFields, SignInForm } from './sign-in-fields.js'

export interface LoginPageProps {
  /** Where to go after signing in: a same-origin path, already checked. */
  readonly next: string
  /** The e-mail address typed before, kept after a failed attempt. */
  readonly email?: string
  readonly error?: LtiErrorCode
}

/** The sign-in form; a failed attempt shows its code's title and hint above the fields. */
export function LoginPage(props: LoginPageProps) {
  const error = props.error ? ERROR_CATALOGUE[props.error] : undefined
  return (
    <PlatformLayout title="Sign in">
      <section class="card sign-in">
        <h1>Sign in</h1>
        <p class="muted">Sign in to see your courses.</p>
        {error ? (
          <p
            class="notice error"
            role="alert"
            id="sign-in-error"
            data-testid="sign-in-error"
            data-code={props.error}
          >
            <strong>{error.title}.</strong> {error.hint}
          </p>
        ) : null}
        <SignInForm action="/login" next={props.next}>
          <EmailPasswordFields email={props.email} errorId={error ? 'sign-in-error' : undefined} />
          <button type="submit">Sign in</button>
        </SignInForm>
      </section>
    </PlatformLayout>
  )
}
