import { describe, expect, it } from 'vitest'
import { ROLE } from '../../core/claims.js'
import { hasTeachingRole } from './teaching-roles.js'

describe('hasTeachingRole', () => {
  it.each([
    ['Instructor', [ROLE.instructor]],
    ['short Instructor', ['Instructor']],
    ['TeachingAssistant sub-role alone', [ROLE.teachingAssistant]],
    ['Grader sub-role', ['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#Grader']],
    ['ContentDeveloper', [ROLE.contentDeveloper]],
    ['context Administrator', ['Administrator']],
    ['system Administrator', [ROLE.learner, ROLE.systemAdministrator]],
  ])('teaches: %s', (_name, roles) => {
    expect(hasTeachingRole(roles)).toBe(true)
  })

  it.each([
    ['Learner', [ROLE.learner, ROLE.institutionStudent]],
    ['Mentor', [ROLE.mentor]],
    // An institution role says what someone is at the school, not in this course.
    ['institution Faculty only', [ROLE.institutionFaculty, ROLE.institutionInstructor]],
    ['no role', []],
    ['a lookalike URI', ['https://evil.example/membership#Instructor']],
  ])('does not teach: %s', (_name, roles) => {
    expect(hasTeachingRole(roles)).toBe(false)
  })
})
