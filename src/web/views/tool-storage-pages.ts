/**
 * The tool's pages for cookie-less launches (LTI Platform Storage): the login page that puts the
 * state in the platform's storage frame, the launch page that reads it back, and the advice to
 * open the activity in a new window when neither a cookie nor storage can bind the state.
 * Scripts are constants allowed by hash; each page's data sits in a JSON block the script reads.
 * @see https://www.imsglobal.org/spec/lti-cs-oidc/v0p1
 */
import { createHash } from 'node:crypto'
import type { StorageCheckPage, StorageLoginPage } from '../../tool/platform-storage.js'
import { STORAGE_CHECKED_FIELD } from '../../tool/platform-storage.js'

// lti-cs-oidc: post to window.parent for `_parent`, else to the platform's named frame.
const FRAME =
  "var d=JSON.parse(document.getElementById('lti-data').textContent);" +
  "var w=null;try{w=d.target==='_parent'?window.parent:window.parent.frames[d.target]}catch(e){}" +
  'if(w===window)w=null;'

// lti-pm-s: one lti.put_data per entry; go on when all are answered, or after 2 s regardless
// (the state cookie may still work).
const LOGIN_SCRIPT =
  `(function(){${FRAME}var left=d.data.length,gone=false;` +
  'function go(){if(!gone){gone=true;location.replace(d.next)}}if(!w){go();return}' +
  "var ids={};window.addEventListener('message',function(e){var m=e.data;" +
  "if(e.origin!==d.origin||!m||m.subject!=='lti.put_data.response'||!ids[m.message_id])return;" +
  'delete ids[m.message_id];if(--left===0)go()});' +
  "d.data.forEach(function(x,i){var id='put-'+i+'-'+Math.random().toString(36).slice(2);ids[id]=1;" +
  "w.postMessage({subject:'lti.put_data',message_id:id,key:x.key,value:x.value},d.origin)});" +
  'setTimeout(go,2000)})()'

// lti-pm-s: lti.get_data for the state; on a match post the launch again, else show the advice.
const CHECK_SCRIPT =
  `(function(){${FRAME}function fail(){document.getElementById('advice').hidden=false;` +
  "document.getElementById('wait').hidden=true}if(!w){fail();return}" +
  "var id='get-'+Math.random().toString(36).slice(2),t=setTimeout(fail,3000);" +
  "window.addEventListener('message',function(e){var m=e.data;" +
  "if(e.origin!==d.origin||!m||m.subject!=='lti.get_data.response'||m.message_id!==id)return;" +
  'clearTimeout(t);if(m.error||m.value!==d.expected){fail();return}var f=document.forms[0];' +
  `f.elements['${STORAGE_CHECKED_FIELD}'].value=m.value;f.submit()});` +
  "w.postMessage({subject:'lti.get_data',message_id:id,key:d.key},d.origin)})()"

const hash = (script: string) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`

/** CSP of the three pages: no loads, only their own constant scripts. */
export const TOOL_STORAGE_PAGES_CSP = `default-src 'none'; script-src ${hash(LOGIN_SCRIPT)} ${hash(CHECK_SCRIPT)}; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'`

const HEAD = (title: string) =>
  '<!doctype html><html lang="en"><head><meta charset="utf-8"/>' +
  `<meta name="referrer" content="no-referrer"/><title>${title}</title>` +
  '<style>body{font-family:system-ui,sans-serif;margin:40px auto;max-width:560px;padding:0 20px}</style></head><body>'

/** The login page: stores the state through the platform frame, then goes to the platform. */
export function storageLoginPage(page: StorageLoginPage): Response {
  const data = {
    target: page.target,
    origin: page.platformOrigin,
    data: page.data,
    next: page.next,
  }
  const html =
    HEAD('Signing in…') +
    `<p>Signing in…</p><p><a href="${escape(page.next)}">Continue</a></p>` +
    `${jsonBlock(data)}<script>${LOGIN_SCRIPT}</script></body></html>`
  return htmlResponse(html, 200)
}

/** The launch page that checks the state through the platform frame, with the advice hidden. */
export function storageCheckPage(page: StorageCheckPage, newWindowUrl: string | undefined): string {
  const data = {
    target: page.target,
    origin: page.platformOrigin,
    key: page.key,
    expected: page.fields.state,
  }
  let inputs = `<input type="hidden" name="${STORAGE_CHECKED_FIELD}" value=""/>`
  for (const [name, value] of Object.entries(page.fields)) {
    inputs += `<input type="hidden" name="${escape(name)}" value="${escape(value)}"/>`
  }
  return (
    HEAD('Launching…') +
    `<p id="wait">Launching…</p><div id="advice" hidden>${adviceBody(newWindowUrl)}</div>` +
    `<form method="post" action="${escape(page.action)}">${inputs}</form>` +
    `${jsonBlock(data)}<script>${CHECK_SCRIPT}</script></body></html>`
  )
}

/** The advice alone: the launch came with neither the state cookie nor platform storage. */
export function newWindowAdvicePage(newWindowUrl: string | undefined): string {
  return `${HEAD('Open in a new window')}<div id="advice">${adviceBody(newWindowUrl)}</div></body></html>`
}

function adviceBody(url: string | undefined): string {
  const link = url
    ? `<p><a id="new-window" href="${escape(url)}" target="_blank" rel="noopener">Open the activity in a new window</a>, then start it again there.</p>`
    : '<p>Go back to your course, open it in a new window, and start the activity again there.</p>'
  return (
    '<h1>Open this activity in a new window</h1>' +
    '<p>Your browser blocked the cookie this activity needs inside the course page.</p>' +
    link
  )
}

/** A JSON block the scripts parse; `<` is escaped so the data cannot close the element. */
function jsonBlock(data: unknown): string {
  const json = JSON.stringify(data).replace(/</g, '\\u003c')
  return `<script type="application/json" id="lti-data">${json}</script>`
}

/** Answers a page with its CSP. */
export function htmlResponse(html: string, status: number): Response {
  return new Response(html, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': TOOL_STORAGE_PAGES_CSP,
      'cache-control': 'no-store',
    },
  })
}

const SPECIAL = /[&<>'"]/g
const ENTITY: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  "'": '&#39;',
  '"': '&quot;',
}

function escape(value: string): string {
  return value.replace(SPECIAL, (c) => ENTITY[c] as string)
}
