/** The role URIs a platform sends for its short context role names (Core 1.3 §A.2.3). */
import { ROLE } from '../core/claims.js'
import type { ContextRole } from './ports.js'

const ROLE_URIS: Readonly<Record<ContextRole, readonly string[]>> = {
  Learner: [ROLE.learner],
  Instructor: [ROLE.instructor],
  // Core 1.3 §A.2.3.1: a sub-role is sent together with its principal role, so tools that only
  // know principal roles still see an Instructor.
  TeachingAssistant: [ROLE.teachingAssistant, ROLE.instructor],
  ContentDeveloper: [ROLE.contentDeveloper],
  Mentor: [ROLE.mentor],
  Administrator: [ROLE.administrator],
}

/** Full role URIs of an enrollment, de-duplicated, in the order given. */
export function contextRoleUris(roles: readonly ContextRole[]): string[] {
  return [...new Set(roles.flatMap((role) => ROLE_URIS[role]))]
}

/** True for roles that may act as an instructor in a context (add content, see grades). */
export function isTeachingRole(roles: readonly ContextRole[]): boolean {
  return roles.some((r) => r === 'Instructor' || r === 'TeachingAssistant' || r === 'Administrator')
}
