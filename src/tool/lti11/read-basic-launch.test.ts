import { describe, expect, it } from 'vitest'
import { ROLE } from '../../core/claims.js'
import { lti11RoleUris } from './lti11-roles.js'
import { readBasicLaunch } from './read-basic-launch.js'

const base = {
  lti_message_type: 'basic-lti-launch-request',
  lti_version: 'LTI-1p0',
  resource_link_id: 'rl-1',
  user_id: 'u-1',
}
const read = (params: Record<string, string>) => readBasicLaunch(new Map(Object.entries(params)))
const codeOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    return (error as { code?: string }).code
  }
  return undefined
}

describe('readBasicLaunch', () => {
  it('reads the learner, link, roles and custom parameters', () => {
    expect(
      read({
        ...base,
        roles: 'Learner',
        context_id: 'c-1',
        lis_person_name_given: 'Ada',
        lis_person_name_family: 'Lovelace',
        lis_person_contact_email_primary: 'ada@example.edu',
        custom_scenario_id: 'salary-talk',
      }),
    ).toEqual({
      resourceLinkId: 'rl-1',
      userId: 'u-1',
      roles: [ROLE.learner],
      name: 'Ada Lovelace',
      email: 'ada@example.edu',
      contextId: 'c-1',
      custom: { scenario_id: 'salary-talk' },
    })
  })

  it('prefers the full name and drops an email that is not one', () => {
    const launch = read({
      ...base,
      lis_person_name_full: 'Ada King',
      lis_person_name_given: 'Ada',
      lis_person_contact_email_primary: 'not an email',
    })
    expect(launch.name).toBe('Ada King')
    expect(launch.email).toBeUndefined()
  })

  it.each(['lti_message_type', 'lti_version', 'resource_link_id', 'user_id'])(
    'refuses a launch without %s',
    (name) => {
      const params: Record<string, string> = { ...base }
      delete params[name]
      expect(codeOf(() => read(params))).toBe('LTI11_LAUNCH_PARAMETER_MISSING')
      expect(codeOf(() => read({ ...params, [name]: '  ' }))).toBe('LTI11_LAUNCH_PARAMETER_MISSING')
    },
  )

  it.each([
    ['lti_message_type', 'ContentItemSelectionRequest'],
    ['lti_version', 'LTI-2p0'],
    ['resource_link_id', 'x'.repeat(256)],
    ['user_id', 'x'.repeat(256)],
    ['context_id', 'x'.repeat(256)],
  ])('refuses %s = %s', (name, value) => {
    expect(codeOf(() => read({ ...base, [name]: value }))).toBe('LTI11_LAUNCH_PARAMETER_INVALID')
  })
})

describe('lti11RoleUris', () => {
  it('maps short names and LTI 1.1 URNs to LTI 1.3 role URIs', () => {
    expect(
      lti11RoleUris(
        'Instructor, urn:lti:role:ims/lis/Learner,urn:lti:role:ims/lis/Instructor/TeachingAssistant,' +
          'urn:lti:instrole:ims/lis/Student,urn:lti:sysrole:ims/lis/Administrator,http://x/custom',
      ),
    ).toEqual([
      ROLE.instructor,
      ROLE.learner,
      ROLE.teachingAssistant,
      ROLE.institutionStudent,
      ROLE.systemAdministrator,
      'http://x/custom',
    ])
  })

  it('is empty without roles and bounded with too many', () => {
    expect(lti11RoleUris(undefined)).toEqual([])
    expect(lti11RoleUris(' , ')).toEqual([])
    const many = Array.from({ length: 80 }, (_, i) => `Role${i}`).join(',')
    expect(lti11RoleUris(many)).toHaveLength(50)
  })
})
