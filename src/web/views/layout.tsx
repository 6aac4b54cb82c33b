import type { Child } from 'hono/jsx'
import { BASE_STYLE, HtmlDocument } from './html-document.js'

const STYLE = `${BASE_STYLE}main{max-width:720px;margin:40px auto;padding:0 20px}
.card{background:#fff;border:1px solid var(--line);border-radius:12px;padding:28px 32px;box-shadow:0 1px 2px rgba(16,24,40,.05)}
h1{font-size:1.5rem;margin:0 0 .5rem}p{margin:.5rem 0}.muted{color:var(--muted)}
.ref{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;background:#f1f3f7;padding:2px 6px;border-radius:6px}
.error h1{color:var(--bad)}ul.list{list-style:none;padding:0;margin:1rem 0}ul.list li{border-top:1px solid var(--line);padding:12px 0}
a{color:var(--accent)}.pill{display:inline-block;font-size:.8rem;padding:1px 8px;border-radius:999px;background:#eef1fb;color:var(--accent)}
`

export function Layout(props: { title: string; children: Child }) {
  return (
    <HtmlDocument title={props.title} style={STYLE}>
      <main>{props.children}</main>
    </HtmlDocument>
  )
}
