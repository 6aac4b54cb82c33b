/**
 * LTI 1.1 roles as the LTI 1.3 role URIs the rest of the tool understands, so a member's
 * `lmsRoles` read the same whichever version launched them.
 */
import { CONTEXT_ROLE_PREFIX } from '../../core/claims.js'

// Core 1.3 §A.2: the LIS vocabulary that LTI 1.1's `urn:lti:*` roles name.
const LIS_V2 = CONTEXT_ROLE_PREFIX.slice(0, -'membership#'.length)
const URN_PREFIXES: readonly (readonly [string, string])[] = [
  ['urn:lti:role:ims/lis/', 'membership'],
  ['urn:lti:instrole:ims/lis/', 'institution/person'],
  ['urn:lti:sysrole:ims/lis/', 'system/person'],
]
const MAX_ROLES = 50
const MAX_ROLE = 255

/**
 * Maps the `roles` launch parameter (comma-separated; a short name like `Learner` is a context
 * role) to role URIs: `urn:lti:role:ims/lis/Instructor/TeachingAssistant` becomes
 * `…/membership/Instructor#TeachingAssistant` and `…/membership#Instructor`. Unknown schemes
 * are kept as sent.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 * @see https://www.imsglobal.org/spec/lti/v1p3/#role-vocabularies
 */
export function lti11RoleUris(roles: string | undefined): string[] {
  const uris = (roles ?? '')
    .split(',')
    .map((role) => role.trim())
    .filter((role) => role !== '' && role.length <= MAX_ROLE)
    .slice(0, MAX_ROLES)
    .flatMap(roleUris)
  return [...new Set(uris)]
}

function roleUris(role: string): string[] {
  if (!role.includes(':')) return [`${CONTEXT_ROLE_PREFIX}${role}`]
  for (const [prefix, vocabulary] of URN_PREFIXES) {
    if (!role.startsWith(prefix)) continue
    const [principal, sub] = role.slice(prefix.length).split('/', 2)
    if (!principal) return [role]
    const principalUri = `${LIS_V2}${vocabulary}#${principal}`
    // Core 1.3 §A.2.3.1: a sub-role travels with its principal role.
    return sub ? [`${LIS_V2}${vocabulary}/${principal}#${sub}`, principalUri] : [principalUri]
  }
  return [role]
}
