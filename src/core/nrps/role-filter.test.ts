import { describe, expect, it } from 'vitest'
import { ROLE } from '../claims.js'
import type { LtiError } from '../errors.js'
import { parseRoleFilter } from './role-filter.js'

describe('parseRoleFilter', () => {
  it('takes full URIs as they are', () => {
    expect(parseRoleFilter(ROLE.learner)).toBe(ROLE.learner)
    expect(parseRoleFilter(ROLE.teachingAssistant)).toBe(ROLE.teachingAssistant)
  })

  it('expands short context role names and sub-roles', () => {
    expect(parseRoleFilter('Learner')).toBe(ROLE.learner)
    expect(parseRoleFilter('Instructor')).toBe(ROLE.instructor)
    expect(parseRoleFilter('Instructor#TeachingAssistant')).toBe(ROLE.teachingAssistant)
  })

  it.each(['', 'Learner Instructor', '../x', 'x'.repeat(65), `https://x/${'a'.repeat(1100)}`])(
    'refuses %j',
    (value) => {
      try {
        parseRoleFilter(value)
        expect.unreachable()
      } catch (err) {
        expect((err as LtiError).code).toBe('LTI_REQUEST_INVALID')
        expect((err as LtiError).fields).toHaveProperty('role')
      }
    },
  )
})
