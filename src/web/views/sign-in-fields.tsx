/**
 * The fields of both servers' sign-in forms: the LMS's users and the tool's workspace admins sign
 * in with email and password, the server's operator with the admin token. One markup, so both
 * keep the `autocomplete` tokens password managers rely on (HTML §4.10.18.7.1).
 */
import type { Child } from 'hono/jsx'

/** A sign-in form: a same-origin post that carries the page to land on. */
export function SignInForm(props: { action: string; next: string; children: Child }) {
  return (
    <form method="post" action={props.action}>
      <input type="hidden" name="next" value={props.next} />
      {props.children}
    </form>
  )
}

export interface EmailPasswordFieldsProps {
  /** The email typed before, kept after a failed attempt. */
  readonly email?: string
  /** The ID of the error shown above the form: marks the email field invalid and points to it. */
  readonly errorId?: string
  /** The longest password the server verifies, where the form enforces it. */
  readonly passwordMaxLength?: number
}

export function EmailPasswordFields(props: EmailPasswordFieldsProps) {
  return (
    <>
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
          {...(props.errorId ? { 'aria-describedby': props.errorId, 'aria-invalid': 'true' } : {})}
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
          {...(props.passwordMaxLength ? { maxlength: props.passwordMaxLength } : {})}
        />
      </div>
    </>
  )
}

/** The admin token's field: a password field that no password manager fills in or saves. */
export function AdminTokenField() {
  return (
    <div class="field">
      <label for="token">Admin token</label>
      <input id="token" name="token" type="password" autocomplete="off" required />
    </div>
  )
}
