/**
 * The HTML document of the tool's own pages (admin pages, sign-in): UTF-8, a mobile viewport, no
 * referrer to other sites, and the tool's style sheet linked from our own path, so the pages need no inline
 * style (`style-src 'self'`). Scripts, when a page has any, are our own files too.
 */
import type { Child } from 'hono/jsx'
import { TOOL_STYLESHEET_HREF } from '../static/tool-stylesheet.js'
import { HtmlDocument } from './html-document.js'

export interface ToolDocumentProps {
  readonly title: string
  /** Paths of our own scripts, loaded deferred. */
  readonly scripts?: readonly string[]
  readonly children: Child
}

export function ToolDocument(props: ToolDocumentProps) {
  return (
    <HtmlDocument
      title={props.title}
      referrer="same-origin"
      stylesheets={[TOOL_STYLESHEET_HREF]}
      scripts={props.scripts}
    >
      {props.children}
    </HtmlDocument>
  )
}
