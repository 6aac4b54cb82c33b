/**
 * Third-party initiated login, the platform half: the URL that sends the browser to the tool's
 * OIDC login initiation endpoint, which answers with an authentication request to us.
 * @see https://www.imsglobal.org/spec/security/v1p0/#initiating-login-from-a-third-party
 */
import type { Tool } from './ports.js'

export interface LoginInitiationInput {
  /** The platform's issuer. */
  issuer: string
  tool: Pick<Tool, 'oidcLoginUrl' | 'clientId' | 'deploymentId'>
  /** Core 1.3 §4.1: opaque to the tool; the platform's user ID, checked at authentication. */
  loginHint: string
  targetLinkUri: string
  /** A sealed message hint (see `message-hint`) naming the launch. */
  ltiMessageHint: string
}

/**
 * The login initiation request as a URL for a GET redirect. Parameters already on the tool's
 * login URL are kept; ours replace any of the same name.
 * @throws TypeError when the tool's login URL is not a URL (a registration bug, not a request).
 * @see https://www.imsglobal.org/spec/lti/v1p3/#additional-login-parameters
 */
export function buildLoginInitiation(input: LoginInitiationInput): URL {
  const url = new URL(input.tool.oidcLoginUrl)
  const params: Record<string, string> = {
    iss: input.issuer,
    login_hint: input.loginHint,
    target_link_uri: input.targetLinkUri,
    lti_message_hint: input.ltiMessageHint,
    // Core 1.3 §4.1.1-§4.1.2: sent so a tool with several registrations picks the right one.
    client_id: input.tool.clientId,
    lti_deployment_id: input.tool.deploymentId,
  }
  // Set on a copy and written back once: each `url.searchParams.set` re-serializes the URL.
  const query = new URLSearchParams(url.search)
  for (const [name, value] of Object.entries(params)) query.set(name, value)
  url.search = query.toString()
  return url
}
