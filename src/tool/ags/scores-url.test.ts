import { describe, expect, it } from 'vitest'
import { scoresUrl } from './scores-url.js'

describe('scoresUrl', () => {
  it.each([
    ['https://lms.example/li/1', 'https://lms.example/li/1/scores'],
    ['https://lms.example/li/1?x=y', 'https://lms.example/li/1/scores?x=y'],
    [
      'https://moodle.example/mod/lti/services.php/2/lineitems/7/lineitem?type_id=3',
      'https://moodle.example/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=3',
    ],
    ['https://lms.example/li/1/', 'https://lms.example/li/1/scores'],
    ['https://lms.example/li/1?a=1&b=2#frag', 'https://lms.example/li/1/scores?a=1&b=2'],
  ])('%s → %s', (lineItem, expected) => {
    expect(scoresUrl(lineItem)).toBe(expected)
  })

  it('refuses a relative URL', () => {
    expect(() => scoresUrl('/li/1')).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_VALUE' }),
    )
  })
})
