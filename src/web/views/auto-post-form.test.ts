import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AUTO_POST_FORM_CSP, autoPostFormPage } from './auto-post-form.js'

describe('autoPostFormPage', () => {
  it('posts every field to the action, each value escaped for its attribute', () => {
    const page = autoPostFormPage({
      action: 'https://tool.example/launch?a=1&b="2"',
      fields: { id_token: 'e.y.J', state: `<s>'&"` },
    })
    expect(page).toBe(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"/>' +
        '<meta name="referrer" content="no-referrer"/><title>Launching…</title></head><body>' +
        '<form method="post" action="https://tool.example/launch?a=1&amp;b=&quot;2&quot;">' +
        '<input type="hidden" name="id_token" value="e.y.J"/>' +
        '<input type="hidden" name="state" value="&lt;s&gt;&#39;&amp;&quot;"/>' +
        '<noscript><p>JavaScript is off: press Continue to go on.</p>' +
        '<button type="submit">Continue</button></noscript></form>' +
        '<script>document.forms[0].submit()</script></body></html>',
    )
  })

  it('allows exactly its one script by hash', () => {
    const script = /<script>(.*)<\/script>/.exec(autoPostFormPage({ action: 'x', fields: {} }))?.[1]
    const hash = createHash('sha256')
      .update(script as string)
      .digest('base64')
    expect(AUTO_POST_FORM_CSP).toContain(`script-src 'sha256-${hash}'`)
  })
})
