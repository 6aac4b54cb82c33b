import { REGISTRATION_CLAIM } from '../claims.js'
import { LtiUpstreamFailed } from '../errors.js'

/** What the tool keeps of the platform's answer to its registration. */
export interface RegistrationResponse {
  readonly clientId: string
  /** §3.6.1: the platform may create the deployment at once and name it in the tool configuration. */
  readonly deploymentId?: string
  /** The scopes granted, when the platform says; they may be fewer than asked for. */
  readonly scopes?: readonly string[]
}

/** An OAuth error answer of the registration endpoint (RFC 7591 §3.2.2). */
export interface RegistrationError {
  readonly error?: string
  readonly errorDescription?: string
}

/**
 * Parses the platform's successful registration response: `client_id` at the top level and the
 * `deployment_id` inside the LTI tool configuration claim.
 *
 * @throws LTI_REGISTRATION_RESPONSE_INVALID when it is not an object or has no usable client_id.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#successful-registration
 */
export function parseRegistrationResponse(body: unknown): RegistrationResponse {
  if (!isObject(body)) throw invalid('(body)')
  const clientId = body.client_id
  // Some platforms answer numeric IDs; an ID is compared as a string everywhere else.
  const id = typeof clientId === 'number' ? String(clientId) : clientId
  if (typeof id !== 'string' || id.trim() === '' || id.length > 255) throw invalid('client_id')
  const config = body[REGISTRATION_CLAIM.toolConfiguration]
  let deploymentId: string | undefined
  if (isObject(config) && config.deployment_id !== undefined) {
    const raw = config.deployment_id
    const value = typeof raw === 'number' ? String(raw) : raw
    if (typeof value !== 'string' || value === '' || value.length > 255) {
      throw invalid('deployment_id')
    }
    deploymentId = value
  }
  const scope = typeof body.scope === 'string' ? body.scope.split(' ').filter(Boolean) : undefined
  return {
    clientId: id,
    ...(deploymentId !== undefined ? { deploymentId } : {}),
    ...(scope ? { scopes: scope } : {}),
  }
}

/** Reads `error` and `error_description` from an error answer, bounded for logs and pages. */
export function readRegistrationError(body: unknown): RegistrationError {
  if (!isObject(body)) return {}
  const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 500) : undefined)
  const error = text(body.error)
  const errorDescription = text(body.error_description)
  return {
    ...(error !== undefined ? { error } : {}),
    ...(errorDescription !== undefined ? { errorDescription } : {}),
  }
}

function invalid(field: string): LtiUpstreamFailed {
  return new LtiUpstreamFailed(
    'LTI_REGISTRATION_RESPONSE_INVALID',
    `invalid "${field}" in the registration response`,
    { cause: { field } },
  )
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
