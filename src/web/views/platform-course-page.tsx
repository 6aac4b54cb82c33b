import type { GradebookRow } from '../../platform/gradebook.js'
import type { ContentItem, Context, LineItem, ResourceLink, Tool } from '../../platform/ports.js'
import { ContentItemView } from './platform-content-item.js'
import { GradebookTable } from './platform-gradebook-table.js'
import type { HeaderUser } from './platform-layout.js'
import { PlatformLayout } from './platform-layout.js'

export interface CoursePageProps {
  readonly user: HeaderUser
  readonly context: Context
  readonly links: readonly ResourceLink[]
  readonly contentItems: readonly ContentItem[]
  readonly toolNames: ReadonlyMap<string, string>
  /** Present for teaching roles only: what an instructor may do and see besides learners. */
  readonly teaching?: {
    readonly deepLinkingTools: readonly Tool[]
    readonly gradebook: {
      readonly rows: readonly GradebookRow[]
      readonly lineItems: ReadonlyMap<string, LineItem>
      readonly userNames: ReadonlyMap<string, string>
    }
  }
}

const enc = encodeURIComponent

/** A course: its activities with launch buttons, its content, and for instructors the gradebook. */
export function CoursePage(props: CoursePageProps) {
  const { context, teaching } = props
  const base = `/courses/${enc(context.id)}`
  return (
    <PlatformLayout title={context.title} user={props.user}>
      <div class="card">
        <h1 data-testid="course-title">{context.title}</h1>
        {context.label ? <p class="muted">{context.label}</p> : null}
      </div>

      <div class="card">
        <h2>Activities</h2>
        {props.links.length === 0 ? <p class="muted">No activities yet.</p> : null}
        <ul class="list" data-testid="activity-list">
          {props.links.map((link) => (
            <li data-link-id={link.id}>
              <span>
                <strong>{link.title}</strong>{' '}
                <span class="muted">{props.toolNames.get(link.toolId) ?? ''}</span>
                {link.text ? <div class="muted">{link.text}</div> : null}
              </span>
              <span>
                <a class="button" href={`${base}/links/${enc(link.id)}/launch`}>
                  Launch
                </a>{' '}
                {/* The launch inside this page's iframe, which hosts LTI Platform Storage for
                    browsers that block the tool's cookies there (lti-cs-oidc). */}
                <a
                  data-testid="open-embedded"
                  style="font-size:.85rem"
                  href={`${base}/links/${enc(link.id)}/embed`}
                >
                  Open embedded
                </a>
              </span>
            </li>
          ))}
        </ul>
      </div>

      {props.contentItems.length > 0 ? (
        <div class="card">
          <h2>Content</h2>
          <ul class="list" data-testid="content-items">
            {props.contentItems.map((item) => (
              <li data-content-item-id={item.id} data-type={item.type}>
                <ContentItemView item={item} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {teaching ? (
        <div class="card" data-testid="instructor-tools">
          <h2>Add content</h2>
          {teaching.deepLinkingTools.length === 0 ? (
            <p class="muted">No registered tool offers deep linking.</p>
          ) : (
            <p>
              {teaching.deepLinkingTools.map((tool) => (
                <a
                  class="button"
                  data-tool-id={tool.id}
                  href={`${base}/tools/${enc(tool.id)}/deep-linking`}
                >
                  Add content from {tool.name}
                </a>
              ))}
            </p>
          )}
        </div>
      ) : null}

      {teaching ? (
        <div class="card">
          <h2>Gradebook</h2>
          <GradebookTable {...teaching.gradebook} />
        </div>
      ) : null}
    </PlatformLayout>
  )
}
