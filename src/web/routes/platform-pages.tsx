/**
 * The platform's pages for people: sign-in, the course list and a course page with its
 * activities (launch buttons), deep-linked content and, for instructors, the gradebook.
 * Server-rendered with no script. Mounted at `/`.
 */
import { Hono } from 'hono'
import { LtiForbidden, LtiNotFound } from '../../core/errors.js'
import { isTeachingRole } from '../../platform/roles.js'
import type { ContextStore, EnrollmentWithUser } from '../../platform/ports.js'
import type { AppEnv } from '../env.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import { CoursePage } from '../views/platform-course-page.js'
import type { CoursePageProps } from '../views/platform-course-page.js'
import { HomePage } from '../views/platform-home-page.js'
import { courseGradebook } from './course-gradebook.js'
import { logoutToken, pageHeaders, userOrSignIn } from './platform-page-kit.js'
import { platformSignInRoutes } from './platform-sign-in-routes.js'

export function platformPages(deps: PlatformAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { stores } = deps
  app.route('/', platformSignInRoutes(deps))

  app.get('/', async (c) => {
    pageHeaders(c)
    const user = await userOrSignIn(c, deps)
    if (user instanceof Response) return user
    const enrollments = await stores.contexts.listEnrollmentsOfUser(user.id)
    return c.html(
      <HomePage
        user={{ name: user.name, logoutToken: await logoutToken(c, deps) }}
        courses={enrollments.filter(({ enrollment }) => enrollment.status === 'Active')}
      />,
    )
  })

  app.get('/courses/:course', async (c) => {
    pageHeaders(c)
    const user = await userOrSignIn(c, deps)
    if (user instanceof Response) return user
    const context = await stores.contexts.findContext(c.req.param('course'))
    if (!context) throw new LtiNotFound('LTI_CONTEXT_NOT_FOUND', 'no course with this ID')
    const enrollment = await stores.contexts.findEnrollment(context.id, user.id)
    if (enrollment?.status !== 'Active') {
      throw new LtiForbidden('LTI_NOT_ENROLLED', 'signed-in user is not enrolled in this course', {
        cause: { contextId: context.id },
      })
    }
    const [links, contentItems, tools] = await Promise.all([
      stores.links.listLinks(context.id),
      stores.links.listContentItems(context.id),
      stores.tools.listTools(),
    ])
    let teaching: CoursePageProps['teaching']
    if (isTeachingRole(enrollment.roles)) {
      const [gradebook, members] = await Promise.all([
        courseGradebook(stores, context),
        allMembers(stores.contexts, context.id),
      ])
      teaching = {
        deepLinkingTools: tools.filter(
          (tool) => tool.services.deepLinking && tool.status === 'active',
        ),
        gradebook: {
          ...gradebook,
          userNames: new Map(members.map((m) => [m.userId, m.user.name])),
        },
      }
    }
    return c.html(
      <CoursePage
        user={{ name: user.name, logoutToken: await logoutToken(c, deps) }}
        context={context}
        links={links}
        contentItems={contentItems}
        toolNames={new Map(tools.map((tool) => [tool.id, tool.name]))}
        {...(teaching ? { teaching } : {})}
      />,
    )
  })

  return app
}

const PAGE = 500

/** The whole roster, page by page: the gradebook names every learner with a score. */
async function allMembers(contexts: ContextStore, contextId: string) {
  const members: EnrollmentWithUser[] = []
  for (let offset = 0; ; offset += PAGE) {
    const page = await contexts.listMembers(contextId, { limit: PAGE, offset })
    members.push(...page)
    if (page.length < PAGE) return members
  }
}
