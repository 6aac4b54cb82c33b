/**
 * What the course pages check first: a signed-in user with an active enrollment in the course
 * of the URL, and for instructors' pages, a teaching role in it.
 */
import type { Context as HonoContext } from 'hono'
import { LtiForbidden, LtiNotFound } from '../../core/errors.js'
import { isTeachingRole } from '../../platform/roles.js'
import type {
  Context,
  ContextStore,
  Enrollment,
  EnrollmentWithUser,
  User,
} from '../../platform/ports.js'
import type { AppEnv } from '../env.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import type { HeaderUser } from '../views/platform-layout.js'
import { headerUser, userOrSignIn } from './platform-page-kit.js'

/** The course of a page and the signed-in user's place in it. */
export interface EnrolledCourse {
  readonly user: User
  readonly header: HeaderUser
  readonly context: Context
  readonly enrollment: Enrollment
  readonly teaching: boolean
}

/**
 * The course named by the `:course` parameter, for a signed-in user enrolled in it; or the
 * redirect to sign in. Call after `pageHeaders`.
 * @throws LTI_CONTEXT_NOT_FOUND, LTI_NOT_ENROLLED (no active enrollment)
 */
export async function enrolledCourse(
  c: HonoContext<AppEnv>,
  deps: PlatformAppDeps,
): Promise<EnrolledCourse | Response> {
  const user = await userOrSignIn(c, deps)
  if (user instanceof Response) return user
  const contextId = c.req.param('course') ?? ''
  const [context, enrollment] = await Promise.all([
    deps.stores.contexts.findContext(contextId),
    deps.stores.contexts.findEnrollment(contextId, user.id),
  ])
  if (!context) throw new LtiNotFound('LTI_CONTEXT_NOT_FOUND', 'no course with this ID')
  if (enrollment?.status !== 'Active') {
    throw new LtiForbidden('LTI_NOT_ENROLLED', 'signed-in user is not enrolled in this course', {
      cause: { contextId: context.id },
    })
  }
  return {
    user,
    header: await headerUser(c, deps, user),
    context,
    enrollment,
    teaching: isTeachingRole(enrollment.roles),
  }
}

/**
 * {@link enrolledCourse} for instructors' pages and forms.
 * @throws LTI_TEACHING_ROLE_REQUIRED for an enrollment without a teaching role
 */
export async function teachingCourse(
  c: HonoContext<AppEnv>,
  deps: PlatformAppDeps,
): Promise<EnrolledCourse | Response> {
  const course = await enrolledCourse(c, deps)
  if (course instanceof Response || course.teaching) return course
  throw new LtiForbidden('LTI_TEACHING_ROLE_REQUIRED', 'this needs a teaching role', {
    cause: { contextId: course.context.id, roles: course.enrollment.roles },
  })
}

const PAGE = 500

/** The whole roster, page by page: the gradebook lists every learner. */
export async function allMembers(
  contexts: ContextStore,
  contextId: string,
): Promise<EnrollmentWithUser[]> {
  const members: EnrollmentWithUser[] = []
  for (let offset = 0; ; offset += PAGE) {
    const page = await contexts.listMembers(contextId, { limit: PAGE, offset })
    members.push(...page)
    if (page.length < PAGE) return members
  }
}

/** The path of a course page, or of a page under it. */
export function coursePath(contextId: string, ...rest: string[]): string {
  return ['/courses', contextId, ...rest]
    .map((part, i) => (i === 0 ? part : encodeURIComponent(part)))
    .join('/')
}
