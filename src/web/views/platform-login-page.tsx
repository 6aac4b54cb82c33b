import { ERROR_CATALOGUE } from '../../core/errors.js'
import type { LtiErrorCode } from '../../core/errors.js'
import { PlatformLayout } from './platform-layout.js'

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
        <form method="post" action="/login">
          <input type="hidden" name="next" value={props.next} />
          <div class="field">
            <label for="email">Email</label>
            <input
              id="email"
              name="email"
              type="email"
              autocomplete="username"
              required
              maxlength={254}
              value={props.email ?? ''}
              {...(error ? { 'aria-describedby': 'sign-in-error', 'aria-invalid': 'true' } : {})}
            />
          </div>
          <div class="field">
            <label for="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
            />
          </div>
          <button type="submit">Sign in</button>
        </form>
      </section>
    </PlatformLayout>
  )
}
