/**
 * The page that shows a tool inside the course: an activity launched in an iframe, or a tool's
 * content picker (deep linking) in a panel. It also hosts the tool's LTI Platform Storage.
 */
import { PLATFORM_STORAGE_SCRIPT_PATH } from '../static/platform-storage.js'
import { PlatformLayout } from './platform-layout.js'
import type { HeaderUser } from './platform-layout.js'

export interface EmbedPageProps {
  /** The page's heading: the activity's title, or "Add content from <tool>". */
  title: string
  user: HeaderUser
  /** The course the page belongs to, for the way back. */
  course: { readonly title: string; readonly href: string }
  /** A line under the heading (what the frame is for). */
  intro?: string
  /** The launch URL of this platform the frame starts at. */
  frameSrc: string
  /** The same launch in a top-level window, for tools that cannot run framed. */
  newWindowHref: string
  /** Tool origins the storage answers; empty when storage is off (no storage script). */
  storageOrigins: readonly string[]
}

export const TOOL_FRAME_NAME = 'lti-tool'

export function EmbedPage(props: EmbedPageProps) {
  const storage = props.storageOrigins.length > 0
  // `<` is escaped so no origin can close the JSON element.
  const config = JSON.stringify({ origins: props.storageOrigins }).replace(/</g, '\\u003c')
  return (
    <PlatformLayout
      title={props.title}
      user={props.user}
      section="courses"
      {...(storage ? { scripts: [PLATFORM_STORAGE_SCRIPT_PATH] } : {})}
    >
      <div class="page-head">
        <div>
          <p class="breadcrumb">
            <a href={props.course.href}>{props.course.title}</a>
          </p>
          <h1 data-testid="launch-title">{props.title}</h1>
          {props.intro ? <p class="muted">{props.intro}</p> : null}
        </div>
        <p class="actions">
          <a
            class="button secondary"
            href={props.newWindowHref}
            target="_blank"
            rel="noopener"
            data-testid="open-new-window"
          >
            Open in a new window
          </a>{' '}
          <a class="button secondary" href={props.course.href}>
            Back to the course
          </a>
        </p>
      </div>
      <iframe
        name={TOOL_FRAME_NAME}
        class="tool-frame"
        title={props.title}
        src={props.frameSrc}
        allow="fullscreen"
        data-testid="tool-frame"
      />
      {storage ? (
        <script
          type="application/json"
          id="lti-storage-config"
          dangerouslySetInnerHTML={{ __html: config }}
        />
      ) : null}
    </PlatformLayout>
  )
}

/** An activity that opens in a window of its own: its page offers the button that opens it. */
export function WindowLaunchPage(props: {
  title: string
  user: HeaderUser
  course: { readonly title: string; readonly href: string }
  launchHref: string
}) {
  return (
    <PlatformLayout title={props.title} user={props.user} section="courses">
      <section class="card">
        <p class="breadcrumb">
          <a href={props.course.href}>{props.course.title}</a>
        </p>
        <h1 data-testid="launch-title">{props.title}</h1>
        <p>This activity opens in a new window.</p>
        <p>
          <a
            class="button"
            href={props.launchHref}
            target="_blank"
            rel="noopener"
            data-testid="launch-link"
            data-presentation="window"
          >
            Open {props.title} (new window)
          </a>
        </p>
      </section>
    </PlatformLayout>
  )
}
