import type { ContentItem } from '../../platform/ports.js'

/**
 * One deep-linked content item, rendered so that nothing the tool sent can run in our origin:
 * URLs only as http(s) links or images, and HTML only inside a sandboxed iframe (no scripts, an
 * opaque origin), never inlined.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#content-item-types
 */
export function ContentItemView(props: { item: ContentItem }) {
  const { item } = props
  const url = safeHttpUrl(item.url)
  const title = item.title ?? (item.type === 'html' ? 'HTML fragment' : (url ?? item.type))
  switch (item.type) {
    case 'html':
      return (
        <div>
          <strong>{title}</strong>
          {item.text ? <p class="muted">{item.text}</p> : null}
          <iframe
            class="html-item"
            sandbox=""
            referrerpolicy="no-referrer"
            title={title}
            srcdoc={item.html ?? ''}
          />
        </div>
      )
    case 'image':
      return (
        <div>
          <strong>{title}</strong>
          {url ? (
            <div>
              <img class="image-item" src={url} alt={item.text ?? item.title ?? ''} />
            </div>
          ) : (
            <p class="muted">(image URL not shown: not an http(s) address)</p>
          )}
        </div>
      )
    default:
      return (
        <div>
          {url ? (
            <a href={url} target="_blank" rel="noopener noreferrer">
              {title}
            </a>
          ) : (
            <strong>{title}</strong>
          )}
          {item.type === 'file' ? <span class="pill">file</span> : null}
          {item.text ? <p class="muted">{item.text}</p> : null}
        </div>
      )
  }
}

/** The URL when it is absolute http(s), so `javascript:` and `data:` never reach an attribute. */
export function safeHttpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined
  } catch {
    return undefined
  }
}
