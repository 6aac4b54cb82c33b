/**
 * "Add activity", mounted at `/`: an instructor places an activity of a registered, active tool
 * in the course. The form is read into the admin API's own schema (`linkInput`) and placed with
 * the same `placeActivity`, so the page and `POST /api/courses/{id}/links` agree.
 */
import { Hono } from 'hono'
import { placeActivity } from '../../platform/place-activity.js'
import type { AppEnv } from '../env.js'
import type { PlatformAppDeps } from '../platform-deps.js'
import { checkForm, parseKeyValueLines } from '../platform-form-fields.js'
import type { FieldErrors } from '../platform-form-fields.js'
import { readPageForm } from '../read-input.js'
import { AddActivityPage } from '../views/platform-add-activity-page.js'
import type { ActivityFormValues, ActivityTool } from '../views/platform-add-activity-page.js'
import { linkInput } from './platform-admin-schemas.js'
import { coursePath, teachingCourse } from './platform-course-kit.js'
import { assertPageFormToken, assertSameOriginPost, pageHeaders } from './platform-page-kit.js'

const FRIENDLY = {
  title: 'Enter a title of at most 200 characters.',
  text: 'Keep the description under 4000 characters.',
  scoreMaximum: 'Enter the points of a full score: a number above 0, at most 1000000.',
  presentation: 'Choose how the activity opens.',
}

function formValues(form: URLSearchParams): ActivityFormValues {
  const text = (name: string) => (form.get(name) ?? '').slice(0, 10_000)
  return {
    toolId: text('toolId'),
    title: text('title'),
    text: text('text'),
    customParameters: text('customParameters'),
    presentation: text('presentation'),
    graded: form.has('graded'),
    scoreMaximum: text('scoreMaximum'),
  }
}

/** The activity to place, or each field's problem. */
function activityFromForm(values: ActivityFormValues, tools: readonly ActivityTool[]) {
  const errors: Record<string, string> = {}
  if (!tools.some((tool) => tool.id === values.toolId)) {
    errors.toolId = 'Choose one of the tools in the list.'
  }
  const custom = parseKeyValueLines(values.customParameters ?? '')
  if ('error' in custom) errors.customParameters = custom.error
  const title = (values.title ?? '').trim()
  const points = (values.scoreMaximum ?? '').trim()
  const checked = checkForm(
    linkInput,
    {
      toolId: values.toolId ?? '',
      title,
      ...((values.text ?? '').trim() ? { text: values.text } : {}),
      customParameters: 'value' in custom ? custom.value : {},
      presentation: values.presentation || 'iframe',
      // The activity's own column, labelled with its title (as the admin API's callers do).
      ...(values.graded
        ? { lineItem: { label: title || 'Activity', scoreMaximum: points ? Number(points) : NaN } }
        : {}),
    },
    { aliases: { 'lineItem.scoreMaximum': 'scoreMaximum' }, friendly: FRIENDLY },
  )
  const all = { ...('errors' in checked ? checked.errors : {}), ...errors }
  if (Object.keys(all).length > 0 || 'errors' in checked) return { errors: all as FieldErrors }
  return { activity: checked.data }
}

export function platformActivityRoutes(deps: PlatformAppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { stores } = deps
  // Only tools that may be launched now: a pending or disabled tool's activity would fail. LTI
  // 1.1 tools are placed the same way (the link's tool ID names either kind).
  const activeTools = async (): Promise<ActivityTool[]> => {
    const [tools, lti11Tools] = await Promise.all([
      stores.tools.listTools(),
      stores.lti11Tools.listLti11Tools(),
    ])
    const active = ({ status }: { status: string }) => status === 'active'
    return [
      ...tools.filter(active).map(({ id, name }) => ({ id, name, ltiVersion: '1.3' as const })),
      ...lti11Tools
        .filter(active)
        .map(({ id, name }) => ({ id, name, ltiVersion: '1.1' as const })),
    ]
  }

  app.get('/courses/:course/activities/new', async (c) => {
    pageHeaders(c)
    const course = await teachingCourse(c, deps)
    if (course instanceof Response) return course
    return c.html(
      <AddActivityPage
        user={course.header}
        context={course.context}
        tools={await activeTools()}
        values={{ presentation: 'iframe' }}
      />,
    )
  })

  app.post('/courses/:course/activities', async (c) => {
    pageHeaders(c)
    assertSameOriginPost(c, deps.publicUrl)
    const course = await teachingCourse(c, deps)
    if (course instanceof Response) return course
    const form = await readPageForm(c)
    await assertPageFormToken(c, deps, form)
    const tools = await activeTools()
    const values = formValues(form)
    const result = activityFromForm(values, tools)
    if ('errors' in result) {
      const page = (
        <AddActivityPage
          user={course.header}
          context={course.context}
          tools={tools}
          values={values}
          errors={result.errors}
        />
      )
      return c.html(page, 400)
    }
    const { lineItem, ...link } = result.activity
    const { link: placed } = await placeActivity(stores, {
      contextId: course.context.id,
      ...link,
      ...(lineItem ? { lineItem } : {}),
    })
    c.get('log').info(
      { contextId: course.context.id, linkId: placed.id, toolId: placed.toolId },
      'activity added',
    )
    const added = new URLSearchParams({ added: placed.id })
    return c.redirect(`${coursePath(course.context.id)}?${added}`, 303)
  })

  return app
}
