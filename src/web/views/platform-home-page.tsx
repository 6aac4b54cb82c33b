import type { Context, Enrollment } from '../../platform/ports.js'
import type { HeaderUser } from './platform-layout.js'
import { PlatformLayout } from './platform-layout.js'

/** The signed-in user's courses. */
export function HomePage(props: {
  user: HeaderUser
  courses: readonly { context: Context; enrollment: Enrollment }[]
}) {
  return (
    <PlatformLayout title="My courses" user={props.user}>
      <div class="card">
        <h1>My courses</h1>
        {props.courses.length === 0 ? (
          <p class="muted">You are not enrolled in any course yet.</p>
        ) : (
          <ul class="list" data-testid="course-list">
            {props.courses.map(({ context, enrollment }) => (
              <li data-course-id={context.id}>
                <span>
                  <a href={`/courses/${encodeURIComponent(context.id)}`}>{context.title}</a>
                  {context.label ? <span class="muted"> {context.label}</span> : null}
                </span>
                <span>
                  {enrollment.roles.map((role) => (
                    <span class="pill">{role}</span>
                  ))}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </PlatformLayout>
  )
}
