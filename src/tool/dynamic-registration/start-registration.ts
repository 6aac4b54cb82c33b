import type { PlatformConfiguration } from '../../core/dynamic-registration/parse-platform-configuration.js'
import { LtiRequestInvalid } from '../../core/errors.js'
import type { Clock, Fetch, MacKey, NonceStore } from '../../core/ports.js'
import { sealConfirmation } from './confirmation-token.js'
import type { PlatformFacts } from './confirmation-token.js'
import { fetchPlatformConfiguration } from './fetch-platform-configuration.js'
import { planRegistration } from './plan-registration.js'
import type { ToolRegistrationUrls } from './plan-registration.js'
import { openRegistrationUrl } from './registration-url.js'

/** What both steps of the registration page need. */
export interface DynamicRegistrationDeps {
  readonly workspaceId: string
  /** The client name the platform shows for the tool. */
  readonly toolName: string
  readonly urls: ToolRegistrationUrls
  /** Seals registration URLs and confirmation forms (purpose-bound, see `sealed-token`). */
  readonly key: MacKey
  readonly clock: Clock
  readonly nonces: NonceStore
  /** The guarded fetch. */
  readonly fetch: Fetch
  readonly dev: boolean
  readonly timeoutMs?: number
  readonly maxBytes?: number
}

/** The registration initiation request's parameters (§3.3). */
export interface RegistrationInitiation {
  /** Our own sealed registration URL token. */
  readonly token: string
  readonly openidConfiguration: string | null
  readonly registrationToken: string | null
}

/** What the confirmation page shows, and the form token that performs it. */
export interface RegistrationConfirmation {
  readonly platform: PlatformFacts
  readonly productFamilyCode: string
  readonly scopes: readonly string[]
  readonly messageTypes: readonly string[]
  readonly confirmationToken: string
}

const MAX_REGISTRATION_TOKEN = 2048

/**
 * Step 1 and 2 of Dynamic Registration, tool side: checks our registration URL, fetches and
 * checks the platform's OpenID configuration, and decides what to register. Nothing is
 * consumed or stored: the admin confirms first.
 *
 * @throws LTI_REGISTRATION_URL_INVALID, LTI_REGISTRATION_URL_EXPIRED, LTI_REGISTRATION_URL_USED.
 * @throws LTI_REGISTRATION_REQUEST_INVALID without a usable `openid_configuration`.
 * @throws the codes of `fetchPlatformConfiguration`.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#openid-configuration
 */
export async function startRegistration(
  initiation: RegistrationInitiation,
  deps: DynamicRegistrationDeps,
): Promise<RegistrationConfirmation> {
  const grant = await openRegistrationUrl(initiation.token, deps.workspaceId, deps)
  const { openidConfiguration, registrationToken } = initiation
  if (!openidConfiguration || openidConfiguration.length > 2048) {
    throw new LtiRequestInvalid('LTI_REGISTRATION_REQUEST_INVALID', 'no "openid_configuration"', {
      fields: { openid_configuration: 'required' },
    })
  }
  if (registrationToken !== null && registrationToken.length > MAX_REGISTRATION_TOKEN) {
    throw new LtiRequestInvalid('LTI_REGISTRATION_REQUEST_INVALID', '"registration_token" too long')
  }
  const config = await fetchPlatformConfiguration(openidConfiguration, {
    fetch: deps.fetch,
    dev: deps.dev,
    ...(registrationToken ? { registrationToken } : {}),
    ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
    ...(deps.maxBytes ? { maxBytes: deps.maxBytes } : {}),
  })
  const plan = planRegistration(config, { name: deps.toolName, urls: deps.urls })
  const platform = platformFacts(config)
  const confirmationToken = await sealConfirmation(
    { grant, platform, plan, ...(registrationToken ? { registrationToken } : {}) },
    deps.key,
  )
  return {
    platform,
    productFamilyCode: config.productFamilyCode,
    scopes: plan.scopes,
    messageTypes: plan.messages.map((m) => m.type),
    confirmationToken,
  }
}

const PRODUCT_NAMES: Record<string, string> = {
  moodle: 'Moodle',
  canvas: 'Canvas',
  desire2learn: 'Brightspace',
  BlackboardLearn: 'Blackboard Learn',
  sakai: 'Sakai',
  schoology: 'Schoology',
}

function platformFacts(config: PlatformConfiguration): PlatformFacts {
  const product = PRODUCT_NAMES[config.productFamilyCode] ?? config.productFamilyCode
  return {
    name: `${product} (${new URL(config.issuer).host})`.slice(0, 200),
    issuer: config.issuer,
    authorizationEndpoint: config.authorizationEndpoint,
    tokenEndpoint: config.tokenEndpoint,
    jwksUri: config.jwksUri,
    registrationEndpoint: config.registrationEndpoint,
  }
}
