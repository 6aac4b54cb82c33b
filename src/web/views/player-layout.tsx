/**
 * The frame of the learner's pages (scenario list, briefing, player). They open inside an LMS
 * iframe as often as in a window of their own, and need no script at all. They link the tool's
 * style sheet and add a few rules of their own inline, allowed by their hash
 * (`PLAYER_STYLE_SOURCE`), so the CSP allows no other inline style and no script.
 */
import { createHash } from 'node:crypto'
import type { Child } from 'hono/jsx'
import { TOOL_STYLESHEET_HREF } from '../static/tool-stylesheet.js'
import { HtmlDocument } from './html-document.js'

/** The player's own rules, on top of the tool's style sheet (cards, buttons, focus, type). */
const STYLE = `main.player{max-width:760px}
.small{font-size:.875rem}
.persona{display:flex;gap:12px;align-items:center;margin:12px 0}
.avatar{flex:none;width:44px;height:44px;border-radius:50%;background:var(--accent);color:#fff;display:grid;place-items:center;font-weight:600}
ol.transcript{list-style:none;padding:0;margin:0;display:flex;flex-direction:column;gap:10px}
.line{max-width:88%;padding:10px 14px;border-radius:14px;background:#f1f3f7;white-space:pre-line}
.line.mine{align-self:flex-end;background:#e6ebff}.line.now{border:2px solid var(--accent)}
.who{display:block;font-size:.8rem;font-weight:600;color:var(--muted)}
fieldset{border:0;padding:0;margin:0;min-width:0}legend{font-weight:600;margin:0 0 8px;padding:0}
.replies{display:flex;flex-direction:column;gap:8px}
button.reply{width:100%;text-align:left;font-weight:400;line-height:1.5;padding:12px 14px;border:1px solid #b9c0cc;background:#fff;color:var(--ink)}
button.reply:hover{border-color:var(--accent);background:#f7f9ff;filter:none}
.result h2{margin-top:16px}
.score{display:flex;align-items:baseline;gap:6px;margin:8px 0}.score strong{font-size:3rem;line-height:1}
.status{padding:10px 14px;border-radius:10px;background:var(--ok-soft);color:var(--ok);border:1px solid #abefc6}
.status.info{background:var(--accent-soft);color:#2b3f9e;border-color:#c7d1f6}
ol.review{padding-left:1.25rem}ol.review li{margin:0 0 12px}.points{font-weight:600}
ul.list{list-style:none;padding:0;margin:1rem 0}ul.list li{border-top:1px solid var(--line);padding:12px 0}
`

/** The `style-src` source of the inline style sheet: its SHA-256 (CSP Level 2 §4.2). */
export const PLAYER_STYLE_SOURCE = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`

export function PlayerLayout(props: { title: string; children: Child }) {
  return (
    <HtmlDocument title={props.title} stylesheets={[TOOL_STYLESHEET_HREF]} style={STYLE}>
      <main class="player">{props.children}</main>
    </HtmlDocument>
  )
}

/** "Dana Whitfield" → "DW", for the avatar. */
export function initialsOf(name: string): string {
  const words = name.split(/\s+/).filter(Boolean)
  return words
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('')
}
