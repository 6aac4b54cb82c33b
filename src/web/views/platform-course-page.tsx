import type { ContentItem, Context, ContextRole, ResourceLink, Tool } from '../../platform/ports.js'
import { PLATFORM_RETURN_SCRIPT_PATH } from '../static/platform-return.js'
import { ContentItemView } from './platform-content-item.js'
import type { HeaderUser } from './platform-layout.js'
import { PlatformLayout } from './platform-layout.js'

export interface CoursePageProps {
  readonly user: HeaderUser
  readonly context: Context
  readonly roles: readonly ContextRole[]
  readonly links: readonly ResourceLink[]
  readonly contentItems: readonly ContentItem[]
  readonly toolNames: ReadonlyMap<string, string>
  /** Present for teaching roles only: the tools an instructor may add content from. */
  readonly teaching?: {
    readonly deepLinkingTools: readonly Tool[]
  }
  /** What the page reports on top: a tool's words after a launch, or the activity just added. */
  readonly notices?: {
    /** `lti_msg` of the launch presentation return (Core 1.3 §5.4.3), shown as text. */
    readonly msg?: string
    /** `lti_errormsg`. */
    readonly errormsg?: string
    readonly added?: string
  }
  /** Reached through the launch return URL: take the whole window back from the tool's frame. */
  readonly returned?: boolean
}

const enc = encodeURIComponent

/** One activity: its title and tool, and the way to open it, as its presentation says. */
function Activity(props: { base: string; link: ResourceLink; toolName: string | undefined }) {
  const { link } = props
  const window = link.presentation === 'window'
  const page = `${props.base}/links/${enc(link.id)}`
  return (
    <li data-link-id={link.id} data-testid="activity">
      <div>
        <h3>{link.title}</h3>
        <p class="muted">
          {props.toolName ?? 'Tool'} {link.lineItemId ? <span class="pill">Graded</span> : null}{' '}
          {window ? <span class="pill">Opens in a new window</span> : null}
        </p>
        {link.text ? <p>{link.text}</p> : null}
      </div>
      <div class="actions">
        {window ? (
          <a
            class="button"
            href={`${page}/launch`}
            target="_blank"
            rel="noopener"
            data-testid="launch-link"
            data-presentation="window"
            aria-label={`Open ${link.title} (opens in a new window)`}
          >
            Open ↗
          </a>
        ) : (
          <a
            class="button"
            href={page}
            data-testid="launch-link"
            data-presentation="iframe"
            aria-label={`Open ${link.title}`}
          >
            Open
          </a>
        )}
      </div>
    </li>
  )
}

/** A course: its activities, its deep-linked content, and the instructor's ways to add more. */
export function CoursePage(props: CoursePageProps) {
  const { context, teaching, notices } = props
  const base = `/courses/${enc(context.id)}`
  return (
    <PlatformLayout
      title={context.title}
      user={props.user}
      section="courses"
      {...(props.returned ? { scripts: [PLATFORM_RETURN_SCRIPT_PATH] } : {})}
    >
      {notices?.msg ? (
        <p class="notice ok" role="status" data-testid="lti-msg">
          {notices.msg}
        </p>
      ) : null}
      {notices?.errormsg ? (
        <p class="notice error" role="alert" data-testid="lti-errormsg">
          {notices.errormsg}
        </p>
      ) : null}
      {notices?.added ? (
        <p class="notice ok" role="status" data-testid="activity-added">
          “{notices.added}” was added to the course.
        </p>
      ) : null}

      <section class="card">
        <p class="breadcrumb">
          <a href="/">My courses</a>
        </p>
        <div class="page-head">
          <div>
            <h1 data-testid="course-title">{context.title}</h1>
            <p class="muted">
              {context.label ? `${context.label} · ` : ''}
              {props.roles.join(', ')}
            </p>
          </div>
          <p class="actions">
            {teaching ? (
              <>
                <a class="button" href={`${base}/activities/new`} data-testid="add-activity">
                  Add activity
                </a>{' '}
                <a class="button secondary" href={`${base}/gradebook`} data-testid="gradebook-link">
                  Gradebook
                </a>
              </>
            ) : (
              <a class="button secondary" href={`${base}/grades`} data-testid="my-grades-link">
                My grades
              </a>
            )}
          </p>
        </div>
      </section>

      <section class="card" aria-labelledby="activities-heading">
        <h2 id="activities-heading">Activities</h2>
        {props.links.length === 0 ? (
          <p class="muted" data-testid="no-activities">
            {teaching
              ? 'No activities yet. Add one from a registered tool, or pick content in a tool below.'
              : 'No activities yet. Your instructor has not added any.'}
          </p>
        ) : (
          <ul class="list" data-testid="activity-list">
            {props.links.map((link) => (
              <Activity base={base} link={link} toolName={props.toolNames.get(link.toolId)} />
            ))}
          </ul>
        )}
      </section>

      {props.contentItems.length > 0 ? (
        <section class="card" aria-labelledby="content-heading">
          <h2 id="content-heading">Content</h2>
          <ul class="list" data-testid="content-items">
            {props.contentItems.map((item) => (
              <li data-content-item-id={item.id} data-type={item.type}>
                <ContentItemView item={item} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {teaching ? (
        <section class="card" data-testid="instructor-tools" aria-labelledby="add-heading">
          <h2 id="add-heading">Add content from a tool</h2>
          {teaching.deepLinkingTools.length === 0 ? (
            <p class="muted">No registered tool offers content selection (deep linking).</p>
          ) : (
            <ul class="list">
              {teaching.deepLinkingTools.map((tool) => (
                <li data-tool-id={tool.id}>
                  <span>{tool.name}</span>
                  <span class="actions">
                    <a
                      class="button"
                      data-testid="add-content"
                      href={`${base}/tools/${enc(tool.id)}/add-content`}
                    >
                      Add content from {tool.name}
                    </a>
                    <a
                      href={`${base}/tools/${enc(tool.id)}/deep-linking?target=window`}
                      target="_blank"
                      rel="noopener"
                      data-testid="add-content-window"
                    >
                      In a new window
                    </a>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </PlatformLayout>
  )
}
