import type { Child } from 'hono/jsx'
import { raw } from 'hono/html'

/** Colours and type shared by the tool's and the platform's pages; each layout adds its own rules. */
export const BASE_STYLE = `
:root{color-scheme:light;--ink:#1d2433;--muted:#5b6475;--line:#e3e6ec;--accent:#3552d4;--bad:#b42318}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif;color:var(--ink);background:#f6f7f9}
`

/**
 * The HTML document around every page: UTF-8, a mobile viewport, no referrer (launch URLs carry
 * tokens) and one inline style sheet; `children` is the body.
 */
export function HtmlDocument(props: { title: string; style: string; children: Child }) {
  // The doctype keeps browsers out of quirks mode (HTML §13.1.1).
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <title>{props.title}</title>
          {/* raw: JSX would escape the quotes of font names, making the rule invalid; the
            style is our own constant, never user input. */}
          <style>{raw(props.style)}</style>
        </head>
        <body>{props.children}</body>
      </html>
    </>
  )
}
