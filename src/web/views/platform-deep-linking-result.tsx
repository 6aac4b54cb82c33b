import type { ContentItem, ResourceLink } from '../../platform/ports.js'
import { ContentItemView } from './platform-content-item.js'
import { PlatformLayout } from './platform-layout.js'

export interface DeepLinkingResultProps {
  readonly contextTitle: string
  readonly contextUrl: string
  readonly links: readonly ResourceLink[]
  readonly contentItems: readonly ContentItem[]
  /** DL 2.0 §4.5 `msg` and `errormsg`: the tool's words to the user, shown as text. */
  readonly msg?: string
  readonly errormsg?: string
}

/**
 * What an instructor sees after picking content in a tool: the tool's message, what was added
 * to the course, and the way back to it.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message
 */
export function DeepLinkingResultPage(props: DeepLinkingResultProps) {
  const added = props.links.length + props.contentItems.length
  return (
    <PlatformLayout title={`Content added to ${props.contextTitle}`}>
      <section class="card">
        <h1>{added === 0 ? 'Nothing was added' : `Added to ${props.contextTitle}`}</h1>
        {props.msg ? (
          <p class="notice ok" role="status" data-testid="dl-msg">
            {props.msg}
          </p>
        ) : null}
        {props.errormsg ? (
          <p class="notice error" role="alert" data-testid="dl-errormsg">
            {props.errormsg}
          </p>
        ) : null}
        {added > 0 ? (
          <ul class="list">
            {props.links.map((link) => (
              <li data-testid="dl-link">
                <span>
                  <strong>{link.title}</strong>
                  {link.text ? <span class="muted"> {link.text}</span> : null}
                </span>
                <span>
                  <span class="pill">Activity</span>
                  {link.lineItemId ? <span class="pill">Graded</span> : null}
                  {link.presentation === 'window' ? (
                    <span class="pill">Opens in a new window</span>
                  ) : null}
                </span>
              </li>
            ))}
            {props.contentItems.map((item) => (
              <li data-testid="dl-content-item">
                <ContentItemView item={item} />
              </li>
            ))}
          </ul>
        ) : null}
        <p>
          {/* In the course page's panel, the course takes the whole window again. */}
          <a class="button" href={props.contextUrl} target="_top" data-testid="dl-back">
            Back to {props.contextTitle}
          </a>
        </p>
      </section>
    </PlatformLayout>
  )
}
