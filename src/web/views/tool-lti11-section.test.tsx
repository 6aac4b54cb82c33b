import { describe, expect, it } from 'vitest'
import { FormerLti11Section } from './tool-lti11-section.js'

const render = (props: Parameters<typeof FormerLti11Section>[0]) =>
  String(<FormerLti11Section {...props} />)

/** The `<select>` of a consumer's row, from its opening tag to its end. */
const selectOf = (html: string, consumerId: string) =>
  /<select[^]*?<\/select>/.exec(html.slice(html.indexOf(`id="lti11-link-${consumerId}"`) - 8))?.[0]

describe('FormerLti11Section', () => {
  const launchUrl = 'https://tool.example/lti/ws-1/lti11/launch'
  const actionPath = '/admin/workspaces/ws-1/lti/lti11-consumers'

  it('selects the LMS each consumer key migrates to, and never shows a secret', () => {
    const html = render({
      consumers: [
        { id: 'c1', consumerKey: 'moodle-key', registrationId: 'reg-1' },
        { id: 'c2', consumerKey: 'any-key' },
        { id: 'c3', consumerKey: 'gone-key', registrationId: 'reg-gone' },
      ],
      platforms: [{ id: 'reg-1', name: 'Moodle <prod>' }],
      launchUrl,
      actionPath,
    })
    expect(html).toContain('Former LTI 1.1 connection')
    expect(html).toContain(launchUrl)
    expect(html.match(/data-testid="lti11-consumer"/g)).toHaveLength(3)
    expect(html).not.toContain('no-lti11-consumers')
    expect(selectOf(html, 'c1')).toMatch(/<option value="reg-1" selected="">Moodle &lt;prod&gt;</)
    expect(selectOf(html, 'c2')).toMatch(/<option value="" selected="">Any connected LMS</)
    expect(selectOf(html, 'c3')).toMatch(/<option value="reg-gone" selected="">A removed LMS</)
    expect(html).toContain(`action="${actionPath}/c1/link#lti11"`)
    expect(html).toContain(`action="${actionPath}/c1/remove"`)
    expect(html).toMatch(/<label for="lti11-link-c1" class="visually-hidden">/)
    // The add form: a label for every field, the secret a password field with no value.
    for (const field of ['consumerKey', 'sharedSecret', 'registrationId']) {
      expect(html).toContain(`<label for="lti11-${field}">`)
    }
    expect(html).toMatch(/<input id="lti11-sharedSecret" name="sharedSecret"[^>]*type="password"/)
    expect(html).not.toMatch(/id="lti11-sharedSecret"[^>]*value=/)
  })

  it('says what to do when no key is stored', () => {
    const html = render({ consumers: [], platforms: [], launchUrl, actionPath })
    expect(html).toContain('data-testid="no-lti11-consumers"')
    expect(html).not.toContain('<table')
    expect(html).toContain(`action="${actionPath}#lti11"`)
  })

  it('shows a refused add form with its errors and values, and a row its link error', () => {
    const html = render({
      consumers: [{ id: 'c1', consumerKey: 'k' }],
      platforms: [{ id: 'reg-1', name: 'Canvas' }],
      launchUrl,
      actionPath,
      form: {
        values: { consumerKey: 'has space', registrationId: 'reg-1' },
        errors: { consumerKey: 'printable ASCII without spaces', sharedSecret: 'required' },
      },
      linkError: { consumerId: 'c1', message: 'no connected LMS with this ID in the workspace' },
    })
    // The summary names the consumer key form and links to its own fields.
    expect(html).toMatch(/data-testid="form-errors"><p><strong>The consumer key was not saved/)
    expect(html).toContain('<a href="#lti11-consumerKey">Consumer key</a>')
    expect(html).toMatch(/data-testid="lti11-field-error-consumerKey">Printable ASCII/)
    expect(html).toContain('data-testid="lti11-field-error-sharedSecret"')
    expect(html).not.toContain('lti11-field-error-registrationId')
    expect(html).toMatch(
      /id="lti11-consumerKey"[^>]*aria-describedby="lti11-consumerKey-hint lti11-consumerKey-error"/,
    )
    expect(html).toMatch(/id="lti11-consumerKey"[^>]*aria-invalid="true"/)
    expect(html).toContain('value="has space"')
    expect(html).toMatch(/<select id="lti11-registrationId"[^]*?<option value="reg-1" selected="">/)
    expect(html).toMatch(/data-testid="lti11-link-error">No connected LMS/)
    expect(html).toMatch(/id="lti11-link-c1"[^>]*aria-invalid="true"/)
  })
})
