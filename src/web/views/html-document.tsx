import type { Child } from 'hono/jsx'
import { raw } from 'hono/html'

/** Colours and type shared by the tool's and the platform's pages; each layout adds its own rules. */
export const BASE_STYLE = `
:root{color-scheme:light;--ink:#1d2433;--muted:#5b6475;--line:#e3e6ec;--accent:#3552d4;--bad:#b42318}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif;color:var(--ink);background:#f6f7f9}
`

export interface HtmlDocumentProps {
  readonly title: string
  /**
   * `no-referrer` (the default) where URLs carry tokens (launches, the LMS); `same-origin` for
   * pages with forms, whose posts need an `Origin` the same-origin check accepts.
   */
  readonly referrer?: 'no-referrer' | 'same-origin'
  /** Style sheets linked from our own paths. */
  readonly stylesheets?: readonly string[]
  /** Paths of our own scripts, loaded deferred. */
  readonly scripts?: readonly string[]
  /** An inline style sheet after the linked ones: our own constant, never user input. */
  readonly style?: string
  /** The body. */
  readonly children: Child
}

/**
 * The HTML document around every page of both servers: UTF-8, a mobile viewport, a referrer
 * policy, the title, then the page's style sheets and scripts; `children` is the body.
 */
export function HtmlDocument(props: HtmlDocumentProps) {
  // The doctype keeps browsers out of quirks mode (HTML §13.1.1).
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content={props.referrer ?? 'no-referrer'} />
          <title>{props.title}</title>
          {(props.stylesheets ?? []).map((href) => (
            <link rel="stylesheet" href={href} />
          ))}
          {(props.scripts ?? []).map((src) => (
            <script src={src} defer />
          ))}
          {/* raw: JSX would escape the quotes of font names, making the rule invalid, and a
            hashed sheet must be written as is to match its CSP hash. */}
          {props.style === undefined ? null : <style>{raw(props.style)}</style>}
        </head>
        <body>{props.children}</body>
      </html>
    </>
  )
}
