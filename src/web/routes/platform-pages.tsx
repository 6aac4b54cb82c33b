/**
 * The platform's pages for people, mounted at `/`: sign-in, the dashboard of one's courses, a
 * course page with its activities and deep-linked content, the page a tool returns to, and the
 * pages of activities and grades (`platform-activity-routes`, `platform-grade-routes`).
 * Server-rendered; scripts only where a page needs one, from our own paths.
 */
import { Hono } from 'hono'
import type { Context as HonoContext } from 'hono'
import type { AppEnv } from '../env.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import { CoursePage } from '../views/platform-course-page.js'
import type { CoursePageProps } from '../views/platform-course-page.js'
import { HomePage } from '../views/platform-home-page.js'
import { platformActivityRoutes } from './platform-activity-routes.js'
import { platformAssetRoutes } from './platform-asset-routes.js'
import { enrolledCourse } from './platform-course-kit.js'
import { platformGradeRoutes } from './platform-grade-routes.js'
import { headerUser, pageErrors, pageHeaders, userOrSignIn } from './platform-page-kit.js'
import { platformSignInRoutes } from './platform-sign-in-routes.js'

/** `lti_msg` and `lti_errormsg` are shown as text, at most this long (Core 1.3 §5.4.3). */
const MAX_MESSAGE = 500
/** They would reach the page and the log as they are. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]+/g

export function platformPages(deps: PlatformAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { stores } = deps
  app.onError(pageErrors())
  app.route('/', platformAssetRoutes())
  app.route('/', platformSignInRoutes(deps))
  app.route('/', platformActivityRoutes(deps))
  app.route('/', platformGradeRoutes(deps))

  app.get('/', async (c) => {
    pageHeaders(c)
    const user = await userOrSignIn(c, deps)
    if (user instanceof Response) return user
    const enrollments = await stores.contexts.listEnrollmentsOfUser(user.id)
    return c.html(
      <HomePage
        user={await headerUser(c, deps, user)}
        courses={enrollments.filter(({ enrollment }) => enrollment.status === 'Active')}
      />,
    )
  })

  const coursePage = async (
    c: HonoContext<AppEnv>,
    more: Pick<CoursePageProps, 'notices' | 'returned'>,
  ) => {
    const course = await enrolledCourse(c, deps)
    if (course instanceof Response) return course
    const { context } = course
    const [links, contentItems, tools, lti11Tools] = await Promise.all([
      stores.links.listLinks(context.id),
      stores.links.listContentItems(context.id),
      stores.tools.listTools(),
      stores.lti11Tools.listLti11Tools(),
    ])
    const added = c.req.query('added')
    const addedTitle = added ? links.find((link) => link.id === added)?.title : undefined
    return c.html(
      <CoursePage
        user={course.header}
        context={context}
        roles={course.enrollment.roles}
        links={links}
        contentItems={contentItems}
        toolNames={new Map([...tools, ...lti11Tools].map((tool) => [tool.id, tool.name]))}
        {...(course.teaching
          ? {
              teaching: {
                deepLinkingTools: tools.filter(
                  (tool) => tool.services.deepLinking && tool.status === 'active',
                ),
              },
            }
          : {})}
        notices={{ ...more.notices, ...(addedTitle ? { added: addedTitle } : {}) }}
        {...(more.returned ? { returned: true } : {})}
      />,
    )
  }

  app.get('/courses/:course', (c) => {
    pageHeaders(c)
    return coursePage(c, {})
  })

  // Core 1.3 §5.4.3: the launch presentation `return_url` of every launch from this course. The
  // tool's words come as query parameters; `lti_log` and `lti_errorlog` are for our log only.
  app.get('/courses/:course/return', (c) => {
    pageHeaders(c, { scripts: true })
    const text = (name: string) => {
      const value = c.req.query(name)?.replace(CONTROL_CHARACTERS, ' ').trim()
      return value ? value.slice(0, MAX_MESSAGE) : undefined
    }
    const [msg, errormsg, log, errorlog] = [
      'lti_msg',
      'lti_errormsg',
      'lti_log',
      'lti_errorlog',
    ].map(text)
    if (log || errorlog) {
      c.get('log').info(
        { contextId: c.req.param('course'), toolLog: log, toolErrorLog: errorlog },
        'launch returned',
      )
    }
    return coursePage(c, {
      notices: { ...(msg ? { msg } : {}), ...(errormsg ? { errormsg } : {}) },
      returned: true,
    })
  })

  return app
}
