import { describe, expect, it } from 'vitest'
import { parseMembershipPage } from './parse-membership-page.js'

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))
const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'

describe('parseMembershipPage', () => {
  it('reads members leniently: extra fields ignored, status defaults to Active, names joined', () => {
    const page = parseMembershipPage(
      bytes({
        id: 'https://lms.example/nrps',
        context: { id: 'c1', title: ' Biology ', extra: true },
        members: [
          {
            user_id: 'u1',
            roles: [LEARNER, 42],
            picture: 'x',
            given_name: 'Ann',
            family_name: 'Lee',
          },
          { user_id: 'u2', roles: [], status: 'Deleted', name: 'Bo', email: ' bo@example.edu ' },
          { user_id: 'u3', status: 'Sleeping' },
          { user_id: '' },
          { roles: [LEARNER] },
          'not a member',
        ],
        'https://lms.example/ext': {},
      }),
    )
    expect(page).toEqual({
      context: { id: 'c1', title: 'Biology' },
      members: [
        { userId: 'u1', status: 'Active', roles: [LEARNER], name: 'Ann Lee' },
        { userId: 'u2', status: 'Deleted', roles: [], name: 'Bo', email: 'bo@example.edu' },
        { userId: 'u3', status: 'Active', roles: [] },
      ],
      skipped: 3,
    })
  })

  it('answers undefined for what is not a membership container', () => {
    expect(parseMembershipPage(new TextEncoder().encode('<html>'))).toBeUndefined()
    expect(parseMembershipPage(bytes({ members: 'none' }))).toBeUndefined()
    expect(parseMembershipPage(bytes([]))).toBeUndefined()
  })
})
