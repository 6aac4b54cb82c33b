/**
 * The HTML document of the tool's own pages (admin pages, sign-in): UTF-8, a mobile viewport, no
 * referrer to other sites, and the tool's style sheet linked from our own path, so the pages need no inline
 * style (`style-src 'self'`). Scripts, when a page has any, are our own files too.
 */
import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import { TOOL_STYLESHEET_HREF } from '../static/tool-stylesheet.js'

export interface ToolDocumentProps {
  readonly title: string
  /** Paths of our own scripts, loaded deferred. */
  readonly scripts?: readonly string[]
  readonly children: Child
}

export function ToolDocument(props: ToolDocumentProps) {
  // The doctype keeps browsers out of quirks mode (HTML §13.1.1).
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="same-origin" />
          <title>{props.title}</title>
          <link rel="stylesheet" href={TOOL_STYLESHEET_HREF} />
          {(props.scripts ?? []).map((src) => (
            <script src={src} defer />
          ))}
        </head>
        <body>{props.children}</body>
      </html>
    </>
  )
}
