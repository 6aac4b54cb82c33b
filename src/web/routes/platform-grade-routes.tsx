/**
 * Grades, mounted at `/`: the instructor's gradebook of a course (learners × activities, on the
 * course's grading scale) and a learner's own grades. Scores are those the tools posted through
 * AGS; the conversion is the platform's `gradebookRow`.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service
 */
import { Hono } from 'hono'
import { gradebookRow } from '../../platform/gradebook.js'
import type { LineItem, ResourceLink } from '../../platform/ports.js'
import type { AppEnv } from '../env.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import { GradebookPage, MyGradesPage } from '../views/platform-gradebook-page.js'
import type { GradebookColumn } from '../views/platform-gradebook-table.js'
import { courseGradebook } from './course-gradebook.js'
import { allMembers, enrolledCourse, teachingCourse } from './platform-course-kit.js'
import { pageHeaders } from './platform-page-kit.js'

/** A column per line item, titled by its activity when bound to one (the line item's label else). */
function columnsOf(
  lineItems: Iterable<LineItem>,
  links: readonly ResourceLink[],
): GradebookColumn[] {
  const byId = new Map(links.map((link) => [link.id, link]))
  return [...lineItems].map((lineItem) => {
    const link = lineItem.linkId ? byId.get(lineItem.linkId) : undefined
    return {
      lineItemId: lineItem.id,
      title: link?.title ?? lineItem.label,
      ...(link ? { linkId: link.id } : {}),
      scoreMaximum: lineItem.scoreMaximum,
    }
  })
}

export function platformGradeRoutes(deps: PlatformAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { stores } = deps

  app.get('/courses/:course/gradebook', async (c) => {
    pageHeaders(c)
    const course = await teachingCourse(c, deps)
    if (course instanceof Response) return course
    const { context } = course
    const [gradebook, members, links] = await Promise.all([
      courseGradebook(stores, context),
      allMembers(stores.contexts, context.id),
      stores.links.listLinks(context.id),
    ])
    const cells = new Map(gradebook.rows.map((row) => [`${row.userId} ${row.lineItemId}`, row]))
    const scored = new Set(gradebook.rows.map((row) => row.userId))
    // Learners, and anybody else the tools sent a score for (an instructor trying an activity).
    const people = members
      .filter((m) => m.roles.includes('Learner') || scored.has(m.userId))
      .map((m) => ({ userId: m.userId, name: m.user.name, email: m.user.email }))
    return c.html(
      <GradebookPage
        user={course.header}
        context={context}
        people={people}
        columns={columnsOf(gradebook.lineItems.values(), links)}
        cells={cells}
      />,
    )
  })

  app.get('/courses/:course/grades', async (c) => {
    pageHeaders(c)
    const course = await enrolledCourse(c, deps)
    if (course instanceof Response) return course
    const { context, user } = course
    const [lineItems, links] = await Promise.all([
      stores.lineItems.listContextLineItems(context.id),
      stores.links.listLinks(context.id),
    ])
    // AGS 2.0 errata `gradesReleased: false`: the tool holds the grades back from learners.
    const released = lineItems.filter((lineItem) => lineItem.gradesReleased !== false)
    const scores = await Promise.all(
      released.map((lineItem) => stores.scores.findScore(lineItem.id, user.id)),
    )
    const grades = columnsOf(released, links).map((column, i) => {
      const score = scores[i]
      const lineItem = released[i] as LineItem
      return score
        ? { column, row: gradebookRow(score, lineItem, context.gradingScale) }
        : { column }
    })
    return c.html(<MyGradesPage user={course.header} context={context} grades={grades} />)
  })

  return app
}
