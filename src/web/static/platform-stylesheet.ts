/**
 * The platform's one style sheet (served at {@link PLATFORM_STYLESHEET_PATH}, allowed by
 * `style-src 'self'`): no inline styles, no web fonts, readable from 360 px up, and a visible
 * focus ring on everything that takes the keyboard.
 */

export const PLATFORM_STYLESHEET_PATH = '/assets/platform.css'

export const PLATFORM_STYLESHEET = `:root {
  color-scheme: light;
  --ink: #1d2433;
  --muted: #5b6475;
  --line: #dde1e8;
  --bg: #f5f6f8;
  --card: #fff;
  --accent: #2f4bc7;
  --accent-soft: #eef1fb;
  --ok: #146c43;
  --ok-soft: #e8f5ee;
  --bad: #b42318;
  --bad-soft: #fdecea;
  --focus: #f5a623;
  --radius: 10px;
}
*, *::before, *::after { box-sizing: border-box; }
body {
  margin: 0;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink);
  background: var(--bg);
}
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip-link { position: absolute; left: -9999px; top: 0; }
.skip-link:focus { left: 8px; top: 8px; z-index: 10; background: var(--card); padding: 8px 12px; }

.site-header {
  display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between;
  gap: 8px 16px; padding: 10px 20px; background: var(--card); border-bottom: 1px solid var(--line);
}
.brand { font-weight: 700; color: var(--ink); text-decoration: none; }
.site-nav ul { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; margin: 0; padding: 0; }
.site-nav a { text-decoration: none; padding: 4px 2px; }
.site-nav a[aria-current="page"] { font-weight: 600; border-bottom: 2px solid var(--accent); }
.account { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.account form { margin: 0; }

main { max-width: 1040px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .5rem; }
h2 { font-size: 1.2rem; margin: 0 0 .75rem; }
h3 { font-size: 1.05rem; margin: 0 0 .25rem; }
p { margin: .5rem 0; }
.muted { color: var(--muted); }
.breadcrumb { font-size: .9rem; margin: 0 0 .5rem; }
.page-head { display: flex; flex-wrap: wrap; align-items: flex-start; justify-content: space-between; gap: 12px; }

.card {
  background: var(--card); border: 1px solid var(--line); border-radius: var(--radius);
  padding: 20px 24px; margin-bottom: 20px;
}
.card-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 16px; list-style: none; margin: 0; padding: 0; }
.sign-in { max-width: 440px; margin: 40px auto; }
.course-card { display: flex; flex-direction: column; gap: 6px; height: 100%; margin: 0; }
.course-card h2 { font-size: 1.1rem; margin: 0; }
.course-card a { text-decoration: none; }
.course-card a:hover { text-decoration: underline; }

.list { list-style: none; margin: 0; padding: 0; }
.list > li {
  display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between;
  gap: 8px 16px; border-top: 1px solid var(--line); padding: 12px 0;
}
.list > li:first-child { border-top: none; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 0; }

.pill {
  display: inline-block; font-size: .8rem; padding: 1px 8px; border-radius: 999px;
  background: var(--accent-soft); color: var(--accent); margin-right: 4px;
}
.pill.status-active { background: var(--ok-soft); color: var(--ok); }
.pill.status-pending { background: #fff4e0; color: #8a5300; }
.pill.status-disabled { background: var(--bad-soft); color: var(--bad); }

.button, button {
  display: inline-block; font: inherit; line-height: 1.3; padding: 7px 14px; border-radius: 8px;
  border: 1px solid var(--accent); background: var(--accent); color: #fff; text-decoration: none;
  cursor: pointer;
}
.button.secondary, button.secondary { background: var(--card); color: var(--accent); }
.button.danger, button.danger { background: var(--card); color: var(--bad); border-color: var(--bad); }
button.link { background: none; border: none; color: var(--accent); padding: 0; text-decoration: underline; }
.inline-form { display: inline; margin: 0; }

form .field { margin: 0 0 16px; }
label, .label { display: block; font-weight: 600; margin: 0 0 4px; }
.hint { display: block; font-size: .9rem; font-weight: 400; color: var(--muted); margin: 2px 0 6px; }
input[type=text], input[type=email], input[type=password], input[type=url], input[type=number], select, textarea {
  width: 100%; max-width: 640px; padding: 8px 10px; font: inherit; color: inherit;
  border: 1px solid #b9c0cc; border-radius: 8px; background: #fff;
}
textarea { min-height: 6rem; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9rem; }
input[aria-invalid=true], select[aria-invalid=true], textarea[aria-invalid=true] { border-color: var(--bad); }
fieldset { border: 1px solid var(--line); border-radius: var(--radius); padding: 12px 16px; margin: 0 0 16px; max-width: 640px; }
legend { font-weight: 600; padding: 0 4px; }
.choice { display: flex; gap: 8px; align-items: flex-start; font-weight: 400; margin: 4px 0; }
.choice input { margin-top: .3rem; }
.field-error { display: block; color: var(--bad); font-size: .9rem; margin: 4px 0 0; }

.notice { border-radius: var(--radius); padding: 12px 16px; margin: 0 0 20px; border: 1px solid var(--line); background: var(--card); }
.notice.ok { border-color: #9fd3b5; background: var(--ok-soft); }
.notice.error { border-color: #f1aeb5; background: var(--bad-soft); color: var(--bad); }
.error { color: var(--bad); }

.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 8px 10px; border-top: 1px solid var(--line); vertical-align: top; }
thead th { border-top: none; font-size: .9rem; color: var(--muted); }
caption { text-align: left; padding: 0 0 8px; }
td.grade { font-variant-numeric: tabular-nums; white-space: nowrap; }

.details { display: grid; grid-template-columns: minmax(0, 1fr); gap: 12px; margin: 0; }
.details dt { font-weight: 600; }
.details dd { margin: 0; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.details dd input { flex: 1 1 240px; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9rem; }
code, .ref { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9rem; background: #f0f2f6; padding: 1px 6px; border-radius: 6px; overflow-wrap: anywhere; }

.tool-frame { display: block; width: 100%; height: 75vh; min-height: 420px; border: 1px solid var(--line); border-radius: var(--radius); background: #fff; }
iframe.html-item { width: 100%; min-height: 160px; border: 1px solid var(--line); border-radius: 8px; }
img.image-item { max-width: 100%; height: auto; }

@media (max-width: 640px) {
  table.stack thead { position: absolute; left: -9999px; }
  table.stack, table.stack caption, table.stack tbody, table.stack tr, table.stack th, table.stack td { display: block; }
  table.stack tr { border-top: 1px solid var(--line); padding: 8px 0; }
  table.stack th, table.stack td { border-top: none; padding: 4px 0; }
  table.stack td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); }
}
@media (max-width: 480px) {
  main { margin: 16px auto; padding: 0 10px; }
  .card { padding: 16px; }
  .site-header { padding: 10px 12px; }
  .tool-frame { height: 70vh; min-height: 320px; }
}
`
