/**
 * The tool's one style sheet, served from our own path ({@link TOOL_STYLESHEET_PATH}) so pages
 * run under `style-src 'self'` with no inline styles. The admin pages use it; the learner player
 * may link it too. No web fonts: the system's UI font.
 *
 * Classes other pages may use: `.card` `.table` (scrolls sideways on narrow screens) `.pill`
 * `.pill-ok` `.pill-bad` `.pill-warn` `.muted` `.button` `.button-secondary` `.button-danger`
 * `.field` `.field-error` `.notice` `.error-box` `.ref` (monospace) `.copy` (an input and its
 * Copy button) `.stack` (vertical rhythm) `.row` (wrapping flex row) `.empty` (empty state).
 */
import { createHash } from 'node:crypto'

export const TOOL_STYLESHEET_PATH = '/assets/tool.css'

export const TOOL_STYLESHEET = `:root{color-scheme:light;--ink:#1d2433;--muted:#5b6475;--line:#dfe3ea;--bg:#f6f7f9;--card:#fff;--accent:#3552d4;--accent-ink:#fff;--accent-soft:#eef1fb;--ok:#067647;--ok-soft:#ecfdf3;--bad:#b42318;--bad-soft:#fef3f2;--warn:#93370d;--warn-soft:#fffaeb;--focus:#1d4ed8;--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif;color:var(--ink);background:var(--bg);overflow-wrap:anywhere}
a{color:var(--accent)}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 .5rem}
h2{font-size:1.2rem;line-height:1.3;margin:0 0 .5rem}
h3{font-size:1rem;margin:0 0 .25rem}
p{margin:.5rem 0}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip-link{position:absolute;left:8px;top:-48px;background:var(--card);padding:8px 12px;border-radius:8px;z-index:10}
.skip-link:focus{top:8px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}

.app-header{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px 16px;padding:10px 20px;background:var(--card);border-bottom:1px solid var(--line)}
.brand{font-weight:700;color:var(--ink);text-decoration:none}
.brand-workspace{color:var(--muted);font-weight:400}
.account{display:flex;flex-wrap:wrap;align-items:center;gap:8px}
.account form{margin:0}
.app-nav{background:var(--card);border-bottom:1px solid var(--line);padding:0 12px;overflow-x:auto}
.app-nav ul{display:flex;gap:4px;list-style:none;margin:0;padding:0;white-space:nowrap}
.app-nav a{display:block;padding:10px 10px;color:var(--muted);text-decoration:none;border-bottom:3px solid transparent}
.app-nav a:hover{color:var(--ink)}
.app-nav a[aria-current=page]{color:var(--ink);border-bottom-color:var(--accent);font-weight:600}
main{max-width:1040px;margin:24px auto;padding:0 20px}
main.narrow{max-width:480px}
.breadcrumb{color:var(--muted);font-size:.9rem;margin:0 0 .25rem}
.breadcrumb ol{display:flex;flex-wrap:wrap;gap:4px;list-style:none;margin:0;padding:0}
.breadcrumb li+li::before{content:"\\203A";margin-right:4px}

.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:20px 24px;margin:0 0 20px;box-shadow:0 1px 2px rgba(16,24,40,.05)}
.muted{color:var(--muted)}
.ref{font-family:var(--mono);font-size:.9em;background:#f1f3f7;padding:1px 6px;border-radius:6px;overflow-wrap:anywhere}
.stack>*+*{margin-top:12px}
.row{display:flex;flex-wrap:wrap;align-items:center;gap:8px 12px}
.empty{padding:20px;border:1px dashed var(--line);border-radius:10px;text-align:center;color:var(--muted)}

.pill{display:inline-block;font-size:.8rem;line-height:1.5;padding:1px 8px;border-radius:999px;background:var(--accent-soft);color:var(--accent);white-space:nowrap}
.pill-ok{background:var(--ok-soft);color:var(--ok)}
.pill-bad{background:var(--bad-soft);color:var(--bad)}
.pill-warn{background:var(--warn-soft);color:var(--warn)}

.notice{background:var(--ok-soft);color:var(--ok);border:1px solid #abefc6;border-radius:10px;padding:10px 14px;margin:0 0 16px}
.error-box{background:var(--bad-soft);color:var(--bad);border:1px solid #fecdca;border-radius:10px;padding:10px 14px;margin:0 0 16px}
.error-box a{color:inherit}

button,.button{display:inline-block;font:inherit;font-weight:600;line-height:1.25;padding:8px 16px;border-radius:8px;border:1px solid var(--accent);background:var(--accent);color:var(--accent-ink);text-decoration:none;cursor:pointer;text-align:center}
button:hover,.button:hover{filter:brightness(.93)}
.button-secondary{background:var(--card);color:var(--accent)}
.button-danger{background:var(--bad);border-color:var(--bad);color:#fff}
.button-link{background:none;border:none;color:var(--accent);padding:4px;font-weight:400;text-decoration:underline}
button[hidden]{display:none}

.field{margin:0 0 14px}
.field label,label.label{display:block;font-weight:600;margin:0 0 4px}
.field .hint{display:block;color:var(--muted);font-size:.9rem;margin:0 0 4px}
input[type=text],input[type=email],input[type=password],input[type=url],input[type=search],input:not([type]),textarea,select{width:100%;font:inherit;padding:8px 10px;border:1px solid #b9c0cc;border-radius:8px;background:#fff;color:var(--ink)}
input[readonly]{background:#f1f3f7;font-family:var(--mono);font-size:.9rem}
textarea{min-height:5rem;resize:vertical}
[aria-invalid=true]{border-color:var(--bad);box-shadow:0 0 0 1px var(--bad)}
.field-error{display:block;color:var(--bad);font-size:.9rem;margin:4px 0 0;font-weight:600}
.copy{display:flex;gap:8px;align-items:stretch}
.copy input{flex:1;min-width:0}
.copy button{flex:none}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:6px 16px;margin:0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;min-width:0}
@media (max-width:480px){dl.facts{grid-template-columns:1fr;gap:2px}dl.facts dd{margin-bottom:8px}}

.table{position:relative;width:100%;border-collapse:collapse;font-size:.95rem}
.table th,.table td{text-align:left;vertical-align:top;padding:10px 8px;border-top:1px solid var(--line)}
.table th{font-size:.85rem;color:var(--muted);font-weight:600;border-top:none}
.table form{margin:0}
.table-scroll{position:relative;overflow-x:auto}
@media (max-width:640px){
  main{margin:16px auto;padding:0 12px}
  .card{padding:16px}
  .table{display:block;overflow-x:auto;white-space:nowrap}
  .app-header{padding:8px 12px}
}
`

/** A short fingerprint of the style sheet, so a changed sheet is fetched again at once. */
export const TOOL_STYLESHEET_VERSION = createHash('sha256')
  .update(TOOL_STYLESHEET)
  .digest('base64url')
  .slice(0, 10)

/** What pages link: the path with the version, cacheable for a long time. */
export const TOOL_STYLESHEET_HREF = `${TOOL_STYLESHEET_PATH}?v=${TOOL_STYLESHEET_VERSION}`
