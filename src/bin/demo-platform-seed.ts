/**
 * The demo's LMS: an admin, an instructor and two learners, and a course with a letter grading
 * scale they are enrolled in. Created through the platform's admin API, as an admin script
 * would; only the look-ups the API has no read for (a user by e-mail address, one enrollment)
 * read the stores. Idempotent: what exists is left as it is.
 */
import type { AdminClient } from './admin-client.js'
import { expectStatus } from './admin-client.js'

/**
 * The password of every demo sign-in. A fixed one is acceptable only because the demo listens
 * on loopback and holds no real data; the servers themselves never ship default accounts.
 */
export const DEMO_PASSWORD = 'demo-password'

export type DemoLmsRole = 'admin' | 'instructor' | 'learner'

export interface DemoLmsUser {
  key: 'admin' | 'instructor' | 'learner1' | 'learner2'
  role: DemoLmsRole
  name: string
  email: string
}

export const DEMO_LMS_USERS: readonly DemoLmsUser[] = [
  { key: 'admin', role: 'admin', name: 'Alex Admin', email: 'admin@example.com' },
  { key: 'instructor', role: 'instructor', name: 'Irene Instructor', email: 'irene@example.com' },
  { key: 'learner1', role: 'learner', name: 'Lena Learner', email: 'lena@example.com' },
  { key: 'learner2', role: 'learner', name: 'Leo Learner', email: 'leo@example.com' },
]

/** Letter grades show the conversion a gradebook does: 80 points of 100 are 80 %, a B. */
export const DEMO_COURSE = {
  title: 'Sales Onboarding',
  label: 'SALES-101',
  gradingScale: {
    type: 'letter',
    bands: [
      { letter: 'A', minPercent: 90 },
      { letter: 'B', minPercent: 80 },
      { letter: 'C', minPercent: 70 },
      { letter: 'D', minPercent: 60 },
      { letter: 'F', minPercent: 0 },
    ],
  },
} as const

/** Context roles (short names the admin API takes) of each demo user in the course. */
const COURSE_ROLES: Record<DemoLmsRole, string[] | undefined> = {
  admin: undefined,
  instructor: ['Instructor'],
  learner: ['Learner'],
}

/** The reads the platform's admin API has no endpoint for. */
export interface PlatformLookups {
  userIdByEmail(email: string): Promise<string | undefined>
  isEnrolled(courseId: string, userId: string): Promise<boolean>
}

export interface SeededPlatform {
  userIds: Record<DemoLmsUser['key'], string>
  courseId: string
  /** What this call created, for the start-up message; empty when all was there. */
  created: string[]
}

export async function seedDemoPlatform(
  api: AdminClient,
  lookups: PlatformLookups,
): Promise<SeededPlatform> {
  const created: string[] = []
  const userIds = {} as Record<DemoLmsUser['key'], string>
  for (const user of DEMO_LMS_USERS) {
    let id = await lookups.userIdByEmail(user.email)
    if (!id) {
      const response = await api('/users', {
        body: {
          name: user.name,
          email: user.email,
          password: DEMO_PASSWORD,
          // The LMS admin signs in to the admin pages with it (platform users' `admin` flag).
          ...(user.role === 'admin' ? { admin: true } : {}),
        },
      })
      id = (expectStatus(response, 201, `LMS user ${user.email}`) as { id: string }).id
      created.push(`LMS user ${user.email}`)
    }
    userIds[user.key] = id
  }

  const courses = expectStatus(await api('/courses'), 200, 'courses') as {
    id: string
    label: string | null
  }[]
  let courseId = courses.find((course) => course.label === DEMO_COURSE.label)?.id
  if (!courseId) {
    const response = await api('/courses', { body: DEMO_COURSE })
    courseId = (expectStatus(response, 201, 'course') as { id: string }).id
    created.push(`course ${DEMO_COURSE.label}`)
  }

  for (const user of DEMO_LMS_USERS) {
    const roles = COURSE_ROLES[user.role]
    const userId = userIds[user.key]
    if (!roles || (await lookups.isEnrolled(courseId, userId))) continue
    const response = await api(`/courses/${courseId}/enrollments`, { body: { userId, roles } })
    expectStatus(response, 201, `enrollment of ${user.email}`)
    created.push(`enrollment of ${user.email}`)
  }
  return { userIds, courseId, created }
}
