/**
 * The LTI 1.1 basic launch parameters the tool acts on, read from a request whose OAuth 1.0a
 * signature verified.
 */
import { LtiRequestInvalid } from '../../core/errors.js'
import { lti11RoleUris } from './lti11-roles.js'

export const BASIC_LAUNCH_MESSAGE_TYPE = 'basic-lti-launch-request'
/** LTI 1.1 launches still say `LTI-1p0`: 1.1 added outcomes, not a new message version. */
export const LTI_1P0 = 'LTI-1p0'

export interface BasicLaunch {
  readonly resourceLinkId: string
  readonly userId: string
  /** LTI 1.3 role URIs (see `lti11RoleUris`). */
  readonly roles: readonly string[]
  readonly name?: string
  readonly email?: string
  readonly contextId?: string
  /** `custom_<name>` parameters by `<name>`. */
  readonly custom: Readonly<Record<string, string>>
}

const MAX_ID = 255
const MAX_NAME = 200
const MAX_EMAIL = 320
const MAX_CUSTOM = 1000
const MAX_CUSTOM_COUNT = 100

/**
 * Checks the message type and version and reads the learner and link. `user_id` is only
 * recommended by LTI 1.1, but a tool that recognises learners needs it.
 * @throws LtiRequestInvalid `LTI11_LAUNCH_PARAMETER_MISSING`, `LTI11_LAUNCH_PARAMETER_INVALID`
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export function readBasicLaunch(params: ReadonlyMap<string, string>): BasicLaunch {
  const required = (name: string): string => {
    const value = params.get(name)?.trim()
    if (!value) {
      throw new LtiRequestInvalid('LTI11_LAUNCH_PARAMETER_MISSING', `missing "${name}"`, {
        cause: { parameter: name },
      })
    }
    return value
  }
  const expect = (name: string, expected: string) => {
    const actual = required(name)
    if (actual !== expected) throw invalid(name, { expected, actual: actual.slice(0, 100) })
  }
  expect('lti_message_type', BASIC_LAUNCH_MESSAGE_TYPE)
  expect('lti_version', LTI_1P0)
  const id = (name: string) => {
    const value = required(name)
    if (value.length > MAX_ID) throw invalid(name, { maxLength: MAX_ID })
    return value
  }
  const resourceLinkId = id('resource_link_id')
  const userId = id('user_id')
  const contextId = params.get('context_id')?.trim()
  if (contextId && contextId.length > MAX_ID) throw invalid('context_id', { maxLength: MAX_ID })

  const name = nameOf(params)
  const email = params.get('lis_person_contact_email_primary')?.trim()
  return {
    resourceLinkId,
    userId,
    roles: lti11RoleUris(params.get('roles')),
    ...(name ? { name } : {}),
    ...(email && email.length <= MAX_EMAIL && email.includes('@') ? { email } : {}),
    ...(contextId ? { contextId } : {}),
    custom: customOf(params),
  }
}

/** The full name, else given and family names; cut to a bound rather than refusing the launch. */
function nameOf(params: ReadonlyMap<string, string>): string | undefined {
  const full = params.get('lis_person_name_full')?.trim()
  const joined = [params.get('lis_person_name_given'), params.get('lis_person_name_family')]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(' ')
  const name = full || joined
  return name ? name.slice(0, MAX_NAME) : undefined
}

/** LTI 1.1 §3: the LMS sends custom parameter `x` as `custom_x`. */
function customOf(params: ReadonlyMap<string, string>): Record<string, string> {
  const custom: Record<string, string> = {}
  let count = 0
  for (const [key, value] of params) {
    if (!key.startsWith('custom_') || key.length === 'custom_'.length) continue
    if (++count > MAX_CUSTOM_COUNT) break
    if (value.length <= MAX_CUSTOM) custom[key.slice('custom_'.length)] = value
  }
  return custom
}

function invalid(parameter: string, facts: Record<string, unknown>): LtiRequestInvalid {
  return new LtiRequestInvalid('LTI11_LAUNCH_PARAMETER_INVALID', `invalid "${parameter}"`, {
    cause: { parameter, ...facts },
  })
}
