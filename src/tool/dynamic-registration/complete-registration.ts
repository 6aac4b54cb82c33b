import { buildClientRegistration } from '../../core/dynamic-registration/build-client-registration.js'
import { LtiConflict, LtiRequestInvalid } from '../../core/errors.js'
import type { Registration } from '../../core/ports.js'
import { openConfirmation } from './confirmation-token.js'
import { registerWithPlatform } from './register-with-platform.js'
import { consumeRegistrationGrant } from './registration-url.js'
import type { DynamicRegistrationDeps } from './start-registration.js'

/** A connected LMS as the admin API's `POST .../lti/platforms` takes it. */
export type ConnectionInput = Omit<Registration, 'id' | 'workspaceId' | 'createdAt'>

export interface CompleteRegistrationDeps extends DynamicRegistrationDeps {
  /** Stores the connection in one transaction, as a manual connection is stored. */
  connect(input: ConnectionInput): Promise<Registration | 'duplicate'>
}

export interface CompletedRegistration {
  readonly registration: Registration
  /** The scopes the platform granted, when it said; otherwise those asked for. */
  readonly scopes: readonly string[]
}

/**
 * Step 3 of Dynamic Registration, tool side: uses up the registration URL, POSTs the client
 * registration with the registration token, and stores the answer as a connected LMS. The URL
 * is consumed before the POST, so two confirmations cannot register twice; the connection is
 * stored only after the platform accepted, so a failure leaves none behind.
 *
 * @param confirmationToken The sealed token of the confirmation form.
 * @throws LTI_REGISTRATION_REQUEST_INVALID, LTI_REGISTRATION_URL_EXPIRED, LTI_REGISTRATION_URL_USED.
 * @throws LTI_REGISTRATION_REQUEST_FAILED, LTI_REGISTRATION_REFUSED,
 *   LTI_REGISTRATION_RESPONSE_INVALID from the platform exchange.
 * @throws LTI_REGISTRATION_DUPLICATE when this issuer and client ID are already connected.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#successful-registration
 */
export async function completeRegistration(
  confirmationToken: string,
  deps: CompleteRegistrationDeps,
): Promise<CompletedRegistration> {
  const confirmation = await openConfirmation(confirmationToken, deps.workspaceId, deps.key)
  const { grant, platform, plan } = confirmation
  if (deps.clock.now() >= grant.expiresAt) {
    throw new LtiRequestInvalid('LTI_REGISTRATION_URL_EXPIRED', 'registration URL expired', {
      cause: { expiresAt: grant.expiresAt },
    })
  }
  await consumeRegistrationGrant(grant, deps.nonces)
  const response = await registerWithPlatform(
    platform.registrationEndpoint,
    buildClientRegistration(plan),
    {
      fetch: deps.fetch,
      ...(confirmation.registrationToken
        ? { registrationToken: confirmation.registrationToken }
        : {}),
      ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
      ...(deps.maxBytes ? { maxBytes: deps.maxBytes } : {}),
    },
  )
  const stored = await deps.connect({
    name: platform.name,
    issuer: platform.issuer,
    clientId: response.clientId,
    deploymentIds: response.deploymentId !== undefined ? [response.deploymentId] : [],
    authenticationRequestUrl: platform.authorizationEndpoint,
    accessTokenUrl: platform.tokenEndpoint,
    jwksUrl: platform.jwksUri,
  })
  if (stored === 'duplicate') {
    throw new LtiConflict('LTI_REGISTRATION_DUPLICATE', 'issuer and client ID already connected', {
      cause: { issuer: platform.issuer, clientId: response.clientId },
    })
  }
  return { registration: stored, scopes: response.scopes ?? plan.scopes }
}
