import type { HeaderUser } from './platform-layout.js'
import { PlatformLayout } from './platform-layout.js'

/** What a signed-in user who is not an LMS admin sees on an admin page (status 403). */
export function ForbiddenPage(props: { user: HeaderUser }) {
  return (
    <PlatformLayout title="Admin access required" user={props.user}>
      <section class="card" data-testid="forbidden" data-code="LTI_LMS_ADMIN_REQUIRED">
        <h1>Admin access required</h1>
        <p>
          This page is for administrators of this LMS. You are signed in as{' '}
          <strong>{props.user.name}</strong>, who is not an administrator.
        </p>
        <p class="muted">
          Ask an administrator to give your account admin access, or sign out and sign in with an
          administrator account.
        </p>
        <p>
          <a class="button" href="/">
            Back to my courses
          </a>
        </p>
      </section>
    </PlatformLayout>
  )
}
