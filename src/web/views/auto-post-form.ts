/**
 * A page that posts a form to another site as soon as it loads: how the platform's
 * authentication response reaches the tool (`response_mode=form_post`). The only script is a
 * constant, allowed by its hash in {@link AUTO_POST_FORM_CSP}.
 *
 * Built as a string rather than with JSX: it is rendered on every launch, and hono/jsx's render
 * costs more than the whole page, and turns on Node's promise hooks for its context storage.
 * @see https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html#FormPostResponseMode
 */
import { createHash } from 'node:crypto'

const SCRIPT = 'document.forms[0].submit()'

/** The Content-Security-Policy of the page: no resource loads, only the submitting script. */
export const AUTO_POST_FORM_CSP = `default-src 'none'; script-src 'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'; style-src 'unsafe-inline'; base-uri 'none'`

const HEAD =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"/>' +
  '<meta name="referrer" content="no-referrer"/><title>Launching…</title></head><body>'
const TAIL =
  '<noscript><p>JavaScript is off: press Continue to go on.</p>' +
  '<button type="submit">Continue</button></noscript></form>' +
  `<script>${SCRIPT}</script></body></html>`

/** The whole document, `<!doctype html>` included; every value is escaped for an attribute. */
export function autoPostFormPage(props: {
  action: string
  fields: Readonly<Record<string, string>>
}): string {
  let inputs = ''
  for (const [name, value] of Object.entries(props.fields)) {
    inputs += `<input type="hidden" name="${escapeAttribute(name)}" value="${escapeAttribute(value)}"/>`
  }
  return `${HEAD}<form method="post" action="${escapeAttribute(props.action)}">${inputs}${TAIL}`
}

const SPECIAL = /[&<>'"]/g
const ENTITY: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  "'": '&#39;',
  '"': '&quot;',
}

/** The escaping JSX applies to attribute values. */
function escapeAttribute(value: string): string {
  return value.replace(SPECIAL, (c) => ENTITY[c] as string)
}
