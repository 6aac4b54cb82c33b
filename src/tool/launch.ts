/**
 * The tool's launch endpoint (the OIDC redirect URI): validates the id_token, provisions the
 * learner, resolves the scenario and writes the launch log, success or failure.
 */
import { MESSAGE_TYPE } from '../core/claims.js'
import type { MessageType } from '../core/claims.js'
import { LtiError, LtiNotFound, LtiRequestInvalid } from '../core/errors.js'
import { peekLaunchFacts } from '../core/launch/peek-launch-facts.js'
import { redactClaims } from '../core/launch/redact-claims.js'
import { skipStateCookieCheck, validateLaunch } from '../core/launch/validate-launch.js'
import type { KeyResolver, ValidatedLaunch } from '../core/launch/validate-launch.js'
import type { LaunchMessage } from '../core/launch/launch-message.js'
import type { Clock, MacKey } from '../core/ports.js'
import type { DeepLinkingSettings } from '../core/deep-linking/read-deep-linking-settings.js'
import { checkDeepLinkingLaunch } from './deep-linking/check-deep-linking-launch.js'
import { matchMigratedMember } from './lti11/match-migrated-member.js'
import type { Lti11MigrationPorts } from './lti11/match-migrated-member.js'
import type { Member, Scenario, ToolLaunchPorts } from './ports.js'
import { checkSubmissionReviewLaunch } from './submission-review/check-submission-review-launch.js'
import type { ReviewRequest } from './submission-review/check-submission-review-launch.js'
import { readStateCookie } from './state-cookie.js'

/** The custom parameter that names the scenario to open (a slug or an ID). */
export const SCENARIO_PARAMETER = 'scenario_id'

export interface LaunchDeps extends ToolLaunchPorts {
  workspaceId: string
  /** HMAC key the login states were sealed with. */
  loginStateKey: MacKey
  keys: KeyResolver
  clock: Clock
  clockSkewSeconds: number
  correlationId: string
  /** The workspace's former LTI 1.1 consumers and identities; without it, no 1.1 matching. */
  lti11Migration?: Lti11MigrationPorts
}

export interface LaunchResult extends ValidatedLaunch {
  member: Member
  /** Absent when the launch named no scenario: the learner gets the scenario list. */
  scenario?: Scenario
  /** An LtiDeepLinkingRequest from a teaching role: what the platform accepts back. */
  deepLinkingSettings?: DeepLinkingSettings
  /** An LtiSubmissionReviewRequest from a teaching role: whose work to show. */
  review?: ReviewRequest
  /** The attempt a resource link launch into a scenario opened (or resumed). */
  attemptId?: string
}

const SUPPORTED: readonly MessageType[] = [
  MESSAGE_TYPE.resourceLink,
  MESSAGE_TYPE.deepLinkingRequest,
  MESSAGE_TYPE.submissionReview,
]

/**
 * Handles the launch POST. Every outcome is written to the launch log before it returns or throws.
 * @throws LtiError with a launch code; see `docs/errors.md`
 */
export async function handleLaunch(
  form: URLSearchParams,
  /** The request's Cookie header, or `skipStateCookieCheck` once platform storage bound the state. */
  cookieHeader: string | null | typeof skipStateCookieCheck,
  deps: LaunchDeps,
): Promise<LaunchResult> {
  const idToken = form.get('id_token') ?? undefined
  try {
    // Security Framework §5.1.1.5: the platform may answer with an OIDC error instead.
    const platformError = form.get('error')
    if (platformError && !idToken) {
      throw new LtiRequestInvalid('LTI_PLATFORM_ERROR_RESPONSE', 'the platform returned an error', {
        cause: { error: platformError.slice(0, 100) },
      })
    }
    const state = form.get('state') ?? undefined
    const validated = await validateLaunch(
      {
        idToken,
        state,
        stateCookie:
          cookieHeader === skipStateCookieCheck
            ? skipStateCookieCheck
            : state
              ? readStateCookie(cookieHeader, state)
              : undefined,
      },
      {
        registrations: deps,
        loginStateKey: deps.loginStateKey,
        nonces: deps.nonces,
        keys: deps.keys,
        clock: deps.clock,
        clockSkewSeconds: deps.clockSkewSeconds,
        supportedMessageTypes: SUPPORTED,
      },
    )
    return await admit(validated, deps)
  } catch (error) {
    // A launch log that cannot be written must not hide why the launch failed: the server log
    // still records the error under the same correlation ID.
    await logFailure(error, idToken, deps).catch(() => undefined)
    throw error
  }
}

async function admit(validated: ValidatedLaunch, deps: LaunchDeps): Promise<LaunchResult> {
  const { message, registration } = validated
  // Checked before anyone is provisioned: a learner never reaches the picker or a review.
  const deepLinkingSettings =
    message.messageType === MESSAGE_TYPE.deepLinkingRequest
      ? checkDeepLinkingLaunch(message)
      : undefined
  const review =
    message.messageType === MESSAGE_TYPE.submissionReview
      ? checkSubmissionReviewLaunch(message)
      : undefined
  // A deep linking request creates links; a scenario it names is not opened.
  const scenarioRef = deepLinkingSettings ? undefined : message.custom[SCENARIO_PARAMETER]
  const now = deps.clock.now()
  const [scenario, member] = await Promise.all([
    scenarioRef ? deps.findScenario(scenarioRef) : Promise.resolve(undefined),
    matchLti11Member(validated, deps).then(() =>
      deps.provisionMember({
        workspaceId: deps.workspaceId,
        issuer: registration.issuer,
        sub: message.user.sub,
        ...(message.user.name ? { name: message.user.name } : {}),
        ...(message.user.email ? { email: message.user.email } : {}),
        lmsRoles: message.roles,
        at: now,
      }),
    ),
  ])
  if (scenarioRef && !scenario) {
    throw new LtiNotFound(
      'LTI_SCENARIO_UNKNOWN',
      `unknown "${SCENARIO_PARAMETER}" custom parameter`,
      {
        cause: { parameter: SCENARIO_PARAMETER, actual: scenarioRef.slice(0, 100) },
      },
    )
  }
  const successEntry = {
    correlationId: deps.correlationId,
    workspaceId: deps.workspaceId,
    at: now,
    outcome: 'success' as const,
    ...launchLogFacts(message),
    memberId: member.id,
    ...(scenario ? { scenarioId: scenario.id } : {}),
    claims: redactClaims(message.payload),
  }
  // A launch into a scenario opens (or resumes) the learner's attempt, beside the launch record.
  const attempt =
    scenario &&
    message.resourceLink &&
    deps.openAttempt &&
    message.messageType === MESSAGE_TYPE.resourceLink
      ? deps.openAttempt({
          workspaceId: deps.workspaceId,
          memberId: member.id,
          scenarioId: scenario.id,
          registrationId: registration.id,
          resourceLinkId: message.resourceLink.id,
          userId: message.user.sub,
          ...(message.agsEndpoint ? { agsEndpoint: message.agsEndpoint } : {}),
          at: now,
        })
      : undefined
  // Context, resource link, enrollment and the success entry of the launch log, together.
  const recorded = deps.recordLaunch(
    {
      registrationId: registration.id,
      deploymentId: message.deploymentId,
      memberId: member.id,
      roles: message.roles,
      ...(message.context ? { context: message.context } : {}),
      ...(message.resourceLink ? { resourceLink: message.resourceLink } : {}),
      ...(scenario ? { scenarioId: scenario.id } : {}),
      ...(message.agsEndpoint ? { agsEndpoint: message.agsEndpoint } : {}),
      ...(message.nrpsService ? { nrpsService: message.nrpsService } : {}),
      at: now,
    },
    successEntry,
  )
  const [, attemptId] = await Promise.all([recorded, attempt])
  return {
    ...validated,
    member,
    ...(scenario ? { scenario } : {}),
    ...(deepLinkingSettings ? { deepLinkingSettings } : {}),
    ...(review ? { review } : {}),
    ...(attemptId ? { attemptId } : {}),
  }
}

/** LTI 1.1 → 1.3 migration: links a learner known from 1.1 first, so provisioning finds them. */
async function matchLti11Member(validated: ValidatedLaunch, deps: LaunchDeps): Promise<unknown> {
  if (!deps.lti11Migration) return undefined
  const { message, registration } = validated
  return matchMigratedMember(
    {
      payload: message.payload,
      registrationId: registration.id,
      issuer: registration.issuer,
      sub: message.user.sub,
    },
    deps.lti11Migration,
  )
}

function launchLogFacts(message: LaunchMessage) {
  return {
    issuer: message.issuer,
    clientId: message.clientId,
    deploymentId: message.deploymentId,
    messageType: message.messageType,
  }
}

async function logFailure(error: unknown, idToken: string | undefined, deps: LaunchDeps) {
  const facts = peekLaunchFacts(idToken)
  const { payload, ...who } = facts
  const known = error instanceof LtiError
  await deps.appendLaunchLog({
    correlationId: deps.correlationId,
    workspaceId: deps.workspaceId,
    at: deps.clock.now(),
    outcome: 'failure',
    errorCode: known ? error.code : 'LTI_INTERNAL',
    message: known ? error.message : 'unexpected error',
    ...who,
    ...(payload ? { claims: redactClaims(payload) } : {}),
  })
}
