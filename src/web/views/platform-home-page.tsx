import type { Context, ContextRole, Enrollment } from '../../platform/ports.js'
import type { HeaderUser } from './platform-layout.js'
import { PlatformLayout } from './platform-layout.js'

/** Role names as a person reads them. */
const ROLE_LABEL: Readonly<Record<ContextRole, string>> = {
  Learner: 'Learner',
  Instructor: 'Instructor',
  TeachingAssistant: 'Teaching assistant',
  ContentDeveloper: 'Content developer',
  Mentor: 'Mentor',
  Administrator: 'Course administrator',
}

/** The signed-in user's dashboard: a card per course, with its label and the user's role. */
export function HomePage(props: {
  user: HeaderUser
  courses: readonly { context: Context; enrollment: Enrollment }[]
}) {
  return (
    <PlatformLayout title="My courses" user={props.user} section="courses">
      <h1>My courses</h1>
      {props.courses.length === 0 ? (
        <section class="card">
          <p data-testid="no-courses">You are not enrolled in any course yet.</p>
          <p class="muted">
            Once an instructor or administrator enrolls you, your courses show here.
          </p>
        </section>
      ) : (
        <ul class="card-grid" data-testid="course-list">
          {props.courses.map(({ context, enrollment }) => (
            <li>
              <article
                class="card course-card"
                data-course-id={context.id}
                data-testid="course-card"
              >
                <h2>
                  <a href={`/courses/${encodeURIComponent(context.id)}`}>{context.title}</a>
                </h2>
                {context.label ? <p class="muted">{context.label}</p> : null}
                <p>
                  {enrollment.roles.map((role) => (
                    <span class="pill" data-role={role}>
                      {ROLE_LABEL[role]}
                    </span>
                  ))}
                </p>
              </article>
            </li>
          ))}
        </ul>
      )}
    </PlatformLayout>
  )
}
