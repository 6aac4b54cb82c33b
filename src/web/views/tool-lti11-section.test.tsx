import { describe, expect, it } from 'vitest'
import { FormerLti11Section } from './tool-lti11-section.js'

const render = (props: Parameters<typeof FormerLti11Section>[0]) =>
  String(<FormerLti11Section {...props} />)

describe('FormerLti11Section', () => {
  const launchUrl = 'https://tool.example/lti/ws-1/lti11/launch'

  it('names the LMS each consumer key migrates to, and never a secret', () => {
    const html = render({
      consumers: [
        { consumerKey: 'moodle-key', registrationId: 'reg-1' },
        { consumerKey: 'any-key' },
        { consumerKey: 'gone-key', registrationId: 'reg-gone' },
      ],
      platforms: [{ id: 'reg-1', name: 'Moodle <prod>' }],
      launchUrl,
    })
    expect(html).toContain('Former LTI 1.1 connection')
    expect(html).toContain(launchUrl)
    expect(html.match(/data-testid="lti11-consumer"/g)).toHaveLength(3)
    expect(html).toContain('Moodle &lt;prod&gt;')
    expect(html).toContain('Any connected LMS')
    expect(html).toContain('a removed LMS')
    expect(html).not.toContain('no-lti11-consumers')
  })

  it('says what to do when no key is stored', () => {
    const html = render({ consumers: [], platforms: [], launchUrl })
    expect(html).toContain('data-testid="no-lti11-consumers"')
    expect(html).not.toContain('<table')
  })
})
