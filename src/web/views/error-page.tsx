/**
 * The page a person sees when a launch or a page fails: what happened in plain words, the
 * reference (correlation ID) their administrator can look up in the launch log, and the code.
 * It shows only catalogue text: never the developer message, a claim or a token.
 */
import { createHash } from 'node:crypto'
import { raw } from 'hono/html'
import { BASE_STYLE } from './html-document.js'

const STYLE = `${BASE_STYLE}main{max-width:640px;margin:24px auto;padding:0 16px}
.card{background:#fff;border:1px solid var(--line);border-radius:12px;padding:24px}
h1{font-size:1.4rem;line-height:1.3;margin:0 0 .75rem;color:var(--bad)}p{margin:.5rem 0}
.muted{color:var(--muted)}.what{font-weight:600}
.reference{margin:1.25rem 0;padding:12px 14px;border-radius:10px;background:#f1f3f7}
.ref{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
.ref-big{display:block;font-size:1.1rem;font-weight:600;margin:.25rem 0;user-select:all}
summary{cursor:pointer;color:var(--accent)}
summary:focus-visible{outline:3px solid var(--accent);outline-offset:2px;border-radius:4px}
`

/**
 * The page's own policy: no script at all, only its inline style sheet (by hash). The framing
 * policy is added by the caller: a launch's error shows inside the LMS's iframe.
 */
export const ERROR_PAGE_CSP =
  `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; ` +
  "img-src data:; base-uri 'none'; form-action 'none'"

export interface ErrorPageProps {
  /** A launch (opened from a course) or one of an app's own pages. */
  readonly flow: 'launch' | 'page'
  /** The HTTP status: picks the plain-words explanation. */
  readonly status: number
  /** The catalogue's title of the code: what failed, in a few words. */
  readonly title: string
  /** The catalogue's hint, aimed at the administrator. */
  readonly hint: string
  readonly code: string
  readonly correlationId: string
}

export function ErrorPage(props: ErrorPageProps) {
  const heading =
    props.flow === 'launch' ? "We couldn't launch this activity" : "We couldn't show this page"
  const again =
    props.flow === 'launch'
      ? 'Go back to your course and open the activity again.'
      : 'Try again in a moment.'
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{heading}</title>
        {/* Raw: JSX would escape the quotes of font names, and the hash must match the text. */}
        <style>{raw(STYLE)}</style>
      </head>
      <body>
        <main>
          <div class="card" role="alert">
            <h1>{heading}</h1>
            <p class="what" data-testid="error-title">
              {props.title}.
            </p>
            <p>{plainWords(props.status)}</p>
            <p>{again}</p>
            <div class="reference">
              <p>If it keeps happening, give this reference to your administrator:</p>
              <span class="ref ref-big" data-testid="correlation-id">
                {props.correlationId}
              </span>
              <p class="muted">
                Error code{' '}
                <span class="ref" data-testid="error-code">
                  {props.code}
                </span>
              </p>
            </div>
            <details>
              <summary>For your administrator</summary>
              <p>{props.hint}</p>
            </details>
          </div>
        </main>
      </body>
    </html>
  )
}

/** What an HTTP status means to someone who is not a developer. */
function plainWords(status: number): string {
  switch (status) {
    case 400:
    case 405:
    case 413:
      return 'The request that opened this page was incomplete or not in the expected form.'
    case 401:
      return 'Your sign-in could not be verified, or it has expired.'
    case 403:
      return 'This was opened from a place that is not allowed to open it, or that is not set up yet.'
    case 404:
      return 'What was asked for could not be found. It may have been removed.'
    case 409:
      return 'This cannot be done in the current state.'
    case 501:
      return 'This kind of request is not supported here.'
    case 502:
    case 503:
    case 504:
      return 'A service this depends on did not answer as expected.'
    default:
      return status >= 500
        ? 'Something went wrong on our side.'
        : 'The request could not be completed.'
  }
}
