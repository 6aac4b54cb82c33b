/**
 * Who may act as an instructor in a context: add content (deep linking) or open a learner's
 * work (submission review).
 * @see https://www.imsglobal.org/spec/lti/v1p3/#role-vocabularies
 */
import { CONTEXT_ROLE_PREFIX, ROLE } from '../../core/claims.js'

const TEACHING = new Set<string>([
  ROLE.instructor,
  ROLE.contentDeveloper,
  ROLE.administrator,
  ROLE.institutionAdministrator,
  ROLE.systemAdministrator,
])

/** Core 1.3 §A.2.3.1: sub-roles of Instructor (TeachingAssistant, Grader, ...) teach too. */
const INSTRUCTOR_SUB_ROLE = `${CONTEXT_ROLE_PREFIX.replace(/#$/, '')}/Instructor#`

/**
 * True when one of the launch's roles teaches: Instructor (or one of its sub-roles),
 * ContentDeveloper, or an Administrator of the context, institution or system. Short context
 * roles (`Instructor`) count as their full URIs (Core 1.3 §A.2.3).
 */
export function hasTeachingRole(roles: readonly string[]): boolean {
  return roles.some((role) => {
    const full = role.includes(':') ? role : CONTEXT_ROLE_PREFIX + role
    return TEACHING.has(full) || full.startsWith(INSTRUCTOR_SUB_ROLE)
  })
}
