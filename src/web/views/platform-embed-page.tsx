/** The launch page that shows a tool in an iframe and hosts its platform storage. */
import { PLATFORM_STORAGE_SCRIPT_PATH } from '../static/platform-storage.js'
import { PlatformLayout } from './platform-layout.js'
import type { HeaderUser } from './platform-layout.js'

export interface EmbedPageProps {
  title: string
  user: HeaderUser
  /** The login initiation URL, `lti_storage_target` included when storage is on. */
  frameSrc: string
  /** The top-level launch, for when the frame cannot launch. */
  newWindowHref: string
  /** Tool origins the storage answers; empty when storage is off (no script at all). */
  storageOrigins: readonly string[]
}

export const TOOL_FRAME_NAME = 'lti-tool'

export function EmbedPage(props: EmbedPageProps) {
  const storage = props.storageOrigins.length > 0
  // `<` is escaped so no origin can close the JSON element.
  const config = JSON.stringify({ origins: props.storageOrigins }).replace(/</g, '\\u003c')
  return (
    <PlatformLayout title={props.title} user={props.user}>
      <div>
        <h1>{props.title}</h1>
        <p>
          <a href={props.newWindowHref} target="_blank" rel="noopener">
            Open in a new window
          </a>
        </p>
        <iframe
          name={TOOL_FRAME_NAME}
          title={props.title}
          src={props.frameSrc}
          style="width:100%;height:70vh;border:1px solid #ccc"
          allow="fullscreen"
        />
        {storage ? (
          <>
            <script
              type="application/json"
              id="lti-storage-config"
              dangerouslySetInnerHTML={{ __html: config }}
            />
            <script src={PLATFORM_STORAGE_SCRIPT_PATH} />
          </>
        ) : null}
      </div>
    </PlatformLayout>
  )
}
