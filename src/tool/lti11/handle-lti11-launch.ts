/**
 * The tool's LTI 1.1 launch endpoint: an OAuth 1.0a signed form POST from an LMS that still
 * speaks LTI 1.1. Verifies the signature, provisions the learner under their 1.1 identity, opens
 * the scenario the activity names and writes the launch log, success or failure. No grade
 * passback over LTI 1.1: the tool keeps no Basic Outcomes service URL.
 */
import { LtiNotFound } from '../../core/errors.js'
import { validateOAuth1Request } from '../../core/lti11/validate-oauth1-request.js'
import type { Clock, NonceStore } from '../../core/ports.js'
import { failedLaunchEntry } from '../failed-launch-entry.js'
import { SCENARIO_PARAMETER } from '../launch.js'
import type { LaunchLogEntry, Member, ProvisionMemberInput, Scenario } from '../ports.js'
import { lti11Issuer } from './lti11-issuer.js'
import { BASIC_LAUNCH_MESSAGE_TYPE, readBasicLaunch } from './read-basic-launch.js'
import type { BasicLaunch } from './read-basic-launch.js'

export interface Lti11LaunchDeps {
  readonly workspaceId: string
  /** This endpoint's public URL, with the query the request came with: the signature covers it. */
  readonly launchUrl: string
  /** The shared secret of one of the workspace's LTI 1.1 consumers, in clear. */
  findConsumerSecret(consumerKey: string): Promise<string | undefined>
  readonly nonces: NonceStore
  findScenario(idOrSlug: string): Promise<Scenario | undefined>
  provisionMember(input: ProvisionMemberInput): Promise<Member>
  appendLaunchLog(entry: LaunchLogEntry): Promise<void>
  readonly clock: Clock
  readonly correlationId: string
}

export interface Lti11LaunchResult {
  readonly consumerKey: string
  readonly launch: BasicLaunch
  readonly member: Member
  /** Absent when the launch named no scenario: the learner gets the scenario list. */
  readonly scenario?: Scenario
}

/**
 * Handles the launch POST. Nothing is provisioned unless the signature, timestamp and nonce
 * verified and the parameters and scenario are valid.
 * @throws LtiError `LTI11_*` (see `validateOAuth1Request`, `readBasicLaunch`) or
 *   `LTI_SCENARIO_UNKNOWN`
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export async function handleLti11Launch(
  form: URLSearchParams,
  deps: Lti11LaunchDeps,
): Promise<Lti11LaunchResult> {
  try {
    const { consumerKey, params } = await validateOAuth1Request({
      method: 'POST',
      url: deps.launchUrl,
      params: [...form],
      findConsumerSecret: deps.findConsumerSecret,
      nonces: deps.nonces,
      now: deps.clock.now(),
    })
    const launch = readBasicLaunch(params)
    // Resolved before provisioning: a launch that fails provisions nobody.
    const scenarioRef = launch.custom[SCENARIO_PARAMETER]
    const scenario = scenarioRef ? await deps.findScenario(scenarioRef) : undefined
    if (scenarioRef && !scenario) {
      throw new LtiNotFound('LTI_SCENARIO_UNKNOWN', `unknown "custom_${SCENARIO_PARAMETER}"`, {
        cause: { parameter: `custom_${SCENARIO_PARAMETER}`, actual: scenarioRef.slice(0, 100) },
      })
    }
    const now = deps.clock.now()
    const member = await deps.provisionMember({
      workspaceId: deps.workspaceId,
      issuer: lti11Issuer(consumerKey),
      sub: launch.userId,
      ...(launch.name ? { name: launch.name } : {}),
      ...(launch.email ? { email: launch.email } : {}),
      lmsRoles: launch.roles,
      at: now,
    })
    await deps.appendLaunchLog({
      correlationId: deps.correlationId,
      workspaceId: deps.workspaceId,
      at: now,
      outcome: 'success',
      issuer: lti11Issuer(consumerKey),
      messageType: BASIC_LAUNCH_MESSAGE_TYPE,
      memberId: member.id,
      ...(scenario ? { scenarioId: scenario.id } : {}),
      claims: redactLti11Params(form),
    })
    return { consumerKey, launch, member, ...(scenario ? { scenario } : {}) }
  } catch (error) {
    // A launch log that cannot be written must not hide why the launch failed.
    await logFailure(error, form, deps).catch(() => undefined)
    throw error
  }
}

async function logFailure(error: unknown, form: URLSearchParams, deps: Lti11LaunchDeps) {
  const consumerKey = bounded(form.get('oauth_consumer_key'))
  const messageType = bounded(form.get('lti_message_type'))
  await deps.appendLaunchLog({
    ...failedLaunchEntry(error, deps),
    // Unverified on this path, like the facts a failed LTI 1.3 launch is logged with.
    ...(consumerKey ? { issuer: lti11Issuer(consumerKey) } : {}),
    ...(messageType ? { messageType } : {}),
    claims: redactLti11Params(form),
  })
}

const REDACTED = '[redacted]'
const MAX_STRING = 512
/** Personal data, and what would let someone replay or forge: never in the launch log. */
const SECRET_PARAMS = new Set(['oauth_signature', 'oauth_nonce', 'user_image'])
const PERSONAL_PREFIXES = ['lis_person_', 'lis_result_sourcedid']

/** The launch parameters as the launch log keeps them: personal data and nonce redacted. */
export function redactLti11Params(form: URLSearchParams): Record<string, string> {
  // A Map, then fromEntries: a parameter named `__proto__` stays a plain entry.
  const out = new Map<string, string>()
  for (const [name, value] of [...form].slice(0, 100)) {
    const key = name.slice(0, 100)
    if (out.has(key)) continue
    const hidden = SECRET_PARAMS.has(key) || PERSONAL_PREFIXES.some((p) => key.startsWith(p))
    out.set(
      key,
      hidden ? REDACTED : value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value,
    )
  }
  return Object.fromEntries(out)
}

function bounded(value: string | null): string | undefined {
  return value && value.length <= 255 ? value : undefined
}
