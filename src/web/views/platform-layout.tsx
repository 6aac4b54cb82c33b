import type { Child } from 'hono/jsx'
import { BASE_STYLE, HtmlDocument } from './html-document.js'

const STYLE = `${BASE_STYLE}header{display:flex;justify-content:space-between;align-items:center;gap:16px;padding:12px 24px;background:#fff;border-bottom:1px solid var(--line)}
header a.brand{font-weight:600;color:var(--ink);text-decoration:none}header form{display:inline;margin:0}
main{max-width:960px;margin:32px auto;padding:0 20px}
.card{background:#fff;border:1px solid var(--line);border-radius:12px;padding:24px 28px;margin-bottom:20px;box-shadow:0 1px 2px rgba(16,24,40,.05)}
h1{font-size:1.5rem;margin:0 0 .5rem}h2{font-size:1.15rem;margin:0 0 .75rem}p{margin:.5rem 0}.muted{color:var(--muted)}
a{color:var(--accent)}.pill{display:inline-block;font-size:.8rem;padding:1px 8px;border-radius:999px;background:#eef1fb;color:var(--accent);margin-right:4px}
ul.list{list-style:none;padding:0;margin:0}ul.list li{display:flex;justify-content:space-between;align-items:center;gap:12px;border-top:1px solid var(--line);padding:12px 0}
.button,button{display:inline-block;font:inherit;padding:6px 14px;border-radius:8px;border:1px solid var(--accent);background:var(--accent);color:#fff;text-decoration:none;cursor:pointer}
button.link{background:none;border:none;color:var(--accent);padding:0}
label{display:block;margin:.75rem 0 .25rem}input[type=email],input[type=password]{width:100%;padding:8px 10px;font:inherit;border:1px solid var(--line);border-radius:8px}
.error{color:var(--bad)}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:8px;border-top:1px solid var(--line)}
iframe.html-item{width:100%;min-height:160px;border:1px solid var(--line);border-radius:8px}img.image-item{max-width:100%;height:auto}
`

/** The signed-in user in the header, with the sign-out form and its CSRF token. */
export interface HeaderUser {
  readonly name: string
  readonly logoutToken: string
}

/** The frame of every platform page: a header with the user and sign-out, then the content. */
export function PlatformLayout(props: { title: string; user?: HeaderUser; children: Child }) {
  return (
    <HtmlDocument title={props.title} style={STYLE}>
      <header>
        <a class="brand" href="/">
          ltikit LMS
        </a>
        {props.user ? (
          <span>
            <span data-testid="signed-in-user">{props.user.name}</span>{' '}
            <form method="post" action="/logout">
              <input type="hidden" name="csrf" value={props.user.logoutToken} />
              <button type="submit" class="link">
                Sign out
              </button>
            </form>
          </span>
        ) : null}
      </header>
      <main>{props.children}</main>
    </HtmlDocument>
  )
}
