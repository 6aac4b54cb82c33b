import { REGISTRATION_CLAIM } from '../claims.js'
import { LtiError, LtiRequestInvalid } from '../errors.js'
import type { LtiErrorCode } from '../errors.js'
import { checkConfiguredUrl } from '../security/url-policy.js'
import type { UrlPolicyOptions } from '../security/url-policy.js'
import type { ClientRegistrationInput, ToolMessage } from './build-client-registration.js'

const MAX_STRING = 2048
const MAX_LIST = 50
const MAX_CUSTOM = 100
const CUSTOM_NAME = /^[A-Za-z0-9_.:-]{1,100}$/
// RFC 3986 reg-name or IPv4 with an optional port; IPv6 literals in brackets.
const DOMAIN = /^(?:[a-z0-9.-]{1,253}|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/i

/**
 * Parses and checks a tool's client registration request on the platform side: the OpenID
 * Connect client metadata LTI requires and the LTI tool configuration claim. The inverse of
 * {@link buildClientRegistration}. Scopes come back as requested; the platform narrows them.
 *
 * @param body The parsed JSON body of the registration request.
 * @param options The URL policy (HTTPS outside dev mode) for every URL.
 * @throws LTI_CLIENT_METADATA_INVALID when a field is missing, malformed or asks for a grant,
 *   response type or auth method LTI does not use (`cause.field` names it).
 * @throws LTI_CLIENT_REDIRECT_URI_INVALID when a redirect URI, the login initiation URL or a
 *   target link URI is insecure or off the declared `domain`.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#tool-configuration
 */
export function parseClientRegistration(
  body: unknown,
  options: UrlPolicyOptions,
): ClientRegistrationInput {
  if (!isObject(body)) throw metadata('(body)', 'not a JSON object')
  // §3.1: LTI tools are web clients that take id_tokens by the implicit flow and use
  // client credentials with a signed JWT for services.
  if (body.application_type !== 'web') throw metadata('application_type', 'must be "web"')
  requireIncludes(body, 'response_types', ['id_token'])
  requireIncludes(body, 'grant_types', ['implicit', 'client_credentials'])
  if (body.token_endpoint_auth_method !== 'private_key_jwt') {
    throw metadata('token_endpoint_auth_method', 'must be "private_key_jwt"')
  }

  const config = body[REGISTRATION_CLAIM.toolConfiguration]
  if (!isObject(config)) throw metadata(REGISTRATION_CLAIM.toolConfiguration, 'missing')
  const domain = text(config, 'domain', 255)
  if (domain === undefined || !DOMAIN.test(domain)) throw metadata('domain', 'not a host name')

  // §2.4.2: launches may only go to the tool's declared domain (or its subdomains).
  const onDomain = (field: string, value: unknown, code: LtiErrorCode) => {
    if (typeof value !== 'string' || value === '') throw fail(code, field, 'missing')
    if (value.length > MAX_STRING) throw fail(code, field, 'too long')
    const url = configured(field, value, options, code)
    if (!hostOnDomain(url, domain)) throw fail(code, field, 'not on the declared domain')
    return value
  }
  const redirects = body.redirect_uris
  if (!Array.isArray(redirects) || redirects.length === 0 || redirects.length > MAX_LIST) {
    throw fail('LTI_CLIENT_REDIRECT_URI_INVALID', 'redirect_uris', 'not a list of URLs')
  }
  const redirectUris = [
    ...new Set(
      redirects.map((uri) => onDomain('redirect_uris', uri, 'LTI_CLIENT_REDIRECT_URI_INVALID')),
    ),
  ]
  const initiateLoginUri = onDomain(
    'initiate_login_uri',
    body.initiate_login_uri,
    'LTI_CLIENT_REDIRECT_URI_INVALID',
  )
  const targetLinkUri = onDomain(
    'target_link_uri',
    config.target_link_uri,
    'LTI_CLIENT_REDIRECT_URI_INVALID',
  )
  // The key set may live elsewhere (a CDN, a key service): only the transport policy applies.
  const jwksUri = text(body, 'jwks_uri', MAX_STRING)
  if (jwksUri === undefined) throw metadata('jwks_uri', 'missing')
  configured('jwks_uri', jwksUri, options, 'LTI_CLIENT_METADATA_INVALID')

  const scope = body.scope === undefined ? '' : body.scope
  if (typeof scope !== 'string' || scope.length > MAX_STRING)
    throw metadata('scope', 'not a string')
  const description = text(config, 'description', 2000)
  return {
    clientName: text(body, 'client_name', 200) ?? domain,
    initiateLoginUri,
    redirectUris,
    jwksUri,
    domain,
    targetLinkUri,
    scopes: [...new Set(scope.split(' ').filter(Boolean))],
    claims: stringList(config, 'claims') ?? [],
    messages: messages(config.messages, (field, value) =>
      onDomain(field, value, 'LTI_CLIENT_REDIRECT_URI_INVALID'),
    ),
    customParameters: customParameters(config.custom_parameters, 'custom_parameters'),
    ...(description !== undefined ? { description } : {}),
  }
}

/** True when the URL's host is the domain or one of its subdomains (a port must match). */
export function hostOnDomain(url: URL, domain: string): boolean {
  const wanted = domain.toLowerCase()
  if (url.host === wanted) return true
  const colon = wanted.lastIndexOf(':')
  const hasPort = colon > wanted.lastIndexOf(']')
  const name = hasPort ? wanted.slice(0, colon) : wanted
  const port = hasPort ? wanted.slice(colon + 1) : url.port
  return url.port === port && url.hostname.endsWith(`.${name}`)
}

function messages(
  value: unknown,
  onDomain: (field: string, value: unknown) => string,
): ToolMessage[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || value.length > MAX_LIST) throw metadata('messages', 'not a list')
  return value.map((entry) => {
    if (!isObject(entry) || typeof entry.type !== 'string' || entry.type.length > 200) {
      throw metadata('messages', 'entry without "type"')
    }
    const label = text(entry, 'label', 200)
    const placements = stringList(entry, 'placements')
    const custom =
      entry.custom_parameters === undefined
        ? undefined
        : customParameters(entry.custom_parameters, 'messages.custom_parameters')
    return {
      type: entry.type,
      ...(entry.target_link_uri !== undefined
        ? { targetLinkUri: onDomain('messages.target_link_uri', entry.target_link_uri) }
        : {}),
      ...(label !== undefined ? { label } : {}),
      ...(placements ? { placements } : {}),
      ...(custom ? { customParameters: custom } : {}),
    }
  })
}

function customParameters(value: unknown, field: string): Record<string, string> {
  if (value === undefined) return {}
  if (!isObject(value)) throw metadata(field, 'not an object')
  const entries = Object.entries(value)
  if (entries.length > MAX_CUSTOM) throw metadata(field, 'too many')
  // Core 1.3 §5.4.6: custom values are strings.
  for (const [name, v] of entries) {
    if (!CUSTOM_NAME.test(name) || typeof v !== 'string' || v.length > 2000) {
      throw metadata(field, 'names must be short words and values strings')
    }
  }
  return Object.fromEntries(entries) as Record<string, string>
}

function configured(field: string, value: string, options: UrlPolicyOptions, code: LtiErrorCode) {
  try {
    return checkConfiguredUrl(value, options)
  } catch (error) {
    if (error instanceof LtiError) throw fail(code, field, error.code)
    throw error
  }
}

function requireIncludes(body: Record<string, unknown>, field: string, needed: string[]) {
  const listed = stringList(body, field)
  if (!listed) throw metadata(field, 'missing')
  for (const value of needed) {
    if (!listed.includes(value)) throw metadata(field, `must include "${value}"`)
  }
}

function text(object: Record<string, unknown>, field: string, max: number): string | undefined {
  const value = object[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || value.length > max) throw metadata(field, 'not a short string')
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

function stringList(object: Record<string, unknown>, field: string): string[] | undefined {
  const value = object[field]
  if (value === undefined) return undefined
  if (
    !Array.isArray(value) ||
    value.length > MAX_LIST ||
    !value.every((v) => typeof v === 'string' && v.length <= 200)
  ) {
    throw metadata(field, 'not a list of strings')
  }
  return value as string[]
}

function metadata(field: string, reason: string): LtiRequestInvalid {
  return fail('LTI_CLIENT_METADATA_INVALID', field, reason)
}

function fail(code: LtiErrorCode, field: string, reason: string): LtiRequestInvalid {
  return new LtiRequestInvalid(code, `invalid "${field}" in the client registration`, {
    cause: { field, reason },
  })
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
