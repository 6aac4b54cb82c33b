/**
 * The `role` query parameter of a membership request (NRPS 2.0 §2.3.1), as a full role URI.
 */
import { CONTEXT_ROLE_PREFIX } from '../claims.js'
import { LtiRequestInvalid } from '../errors.js'

const SUB_ROLE_PREFIX = `${CONTEXT_ROLE_PREFIX.slice(0, -1)}/`

/**
 * A full role URI is taken as is; a short context role name (`Learner`, or a sub-role as
 * `Instructor#TeachingAssistant`) stands for its URI in the LIS membership vocabulary
 * (Core 1.3 §A.2.3).
 * @throws LTI_REQUEST_INVALID (field `role`) for anything else.
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0/#role-query-parameter
 */
export function parseRoleFilter(value: string): string {
  if (/^https?:\/\/[^\s]+$/.test(value) && value.length <= 1024) return value
  if (/^[A-Za-z]{1,64}$/.test(value)) return `${CONTEXT_ROLE_PREFIX}${value}`
  const sub = /^([A-Za-z]{1,64})#([A-Za-z]{1,64})$/.exec(value)
  if (sub) return `${SUB_ROLE_PREFIX}${sub[1]}#${sub[2]}`
  throw new LtiRequestInvalid('LTI_REQUEST_INVALID', 'unexpected "role" query parameter', {
    fields: { role: 'must be a role URI or a short context role name' },
  })
}
