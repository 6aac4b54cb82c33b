import { describe, expect, it } from 'vitest'
import { ROLE } from '../claims.js'
import { buildMembership } from './build-membership.js'

const facts = {
  userId: 'u-1',
  roles: [ROLE.learner],
  status: 'Active' as const,
  name: 'Ada Lovelace',
  givenName: 'Ada',
  familyName: 'Lovelace',
  email: 'ada@example.edu',
}

describe('buildMembership', () => {
  it('sends name and email when both are allowed', () => {
    expect(buildMembership(facts, { sendName: true, sendEmail: true })).toEqual({
      status: 'Active',
      user_id: 'u-1',
      roles: [ROLE.learner],
      name: 'Ada Lovelace',
      given_name: 'Ada',
      family_name: 'Lovelace',
      email: 'ada@example.edu',
    })
  })

  it('withholds each kind of personal data on its own', () => {
    const nameOnly = buildMembership(facts, { sendName: true, sendEmail: false })
    expect(nameOnly).not.toHaveProperty('email')
    expect(nameOnly.given_name).toBe('Ada')
    const emailOnly = buildMembership(facts, { sendName: false, sendEmail: true })
    expect(Object.keys(emailOnly).sort()).toEqual(['email', 'roles', 'status', 'user_id'])
    const none = buildMembership(facts, { sendName: false, sendEmail: false })
    expect(Object.keys(none).sort()).toEqual(['roles', 'status', 'user_id'])
  })
})
