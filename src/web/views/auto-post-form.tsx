/**
 * A page that posts a form to another site as soon as it loads: how the platform's
 * authentication response reaches the tool (`response_mode=form_post`). Values are escaped by
 * JSX; the only script is a constant, allowed by its hash in {@link AUTO_POST_FORM_CSP}.
 * @see https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html#FormPostResponseMode
 */
import { createHash } from 'node:crypto'

const SCRIPT = 'document.forms[0].submit()'

/** The Content-Security-Policy of the page: no resource loads, only the submitting script. */
export const AUTO_POST_FORM_CSP = `default-src 'none'; script-src 'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'; style-src 'unsafe-inline'; base-uri 'none'`

export function AutoPostForm(props: { action: string; fields: Readonly<Record<string, string>> }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="referrer" content="no-referrer" />
        <title>Launching…</title>
      </head>
      <body>
        <form method="post" action={props.action}>
          {Object.entries(props.fields).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <noscript>
            <p>JavaScript is off: press Continue to go on.</p>
            <button type="submit">Continue</button>
          </noscript>
        </form>
        <script dangerouslySetInnerHTML={{ __html: SCRIPT }} />
      </body>
    </html>
  )
}
