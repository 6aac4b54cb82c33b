/**
 * The platform's URL layout: one place that builds the endpoints it advertises in launches and
 * registration details, and that the web routes mount. Everything hangs off the issuer URL.
 */
import type { Tool } from './ports.js'

const enc = encodeURIComponent

export interface PlatformUrls {
  readonly issuer: string
  readonly jwksUrl: string
  readonly authenticationRequestUrl: string
  readonly accessTokenUrl: string
  readonly deepLinkingReturnUrl: string
  /** AGS line items container of a context (AGS 2.0 §3.2). */
  lineItems(contextId: string): string
  /** One line item (AGS 2.0 §3.3). */
  lineItem(contextId: string, lineItemId: string): string
  /** NRPS membership container of a context (NRPS 2.0 §2.2). */
  memberships(contextId: string): string
  /** The course page of a context. */
  contextPage(contextId: string): string
  /**
   * Where a tool sends the user back (launch presentation `return_url`, Core 1.3 §5.4.3): the
   * course page, with the tool's `lti_msg` or `lti_errormsg` shown, out of the tool's frame.
   */
  launchReturn(contextId: string): string
}

/**
 * What a tool's admin enters on the tool's side to connect one registration: the platform's
 * issuer and endpoints, and the IDs it issued the tool (Core 1.3 §3.1.3, §3.1.4).
 */
export interface PlatformDetails {
  readonly issuer: string
  readonly clientId: string
  readonly deploymentId: string
  readonly authenticationRequestUrl: string
  readonly accessTokenUrl: string
  readonly jwksUrl: string
}

export function platformDetails(
  urls: PlatformUrls,
  tool: Pick<Tool, 'clientId' | 'deploymentId'>,
): PlatformDetails {
  return {
    issuer: urls.issuer,
    clientId: tool.clientId,
    deploymentId: tool.deploymentId,
    authenticationRequestUrl: urls.authenticationRequestUrl,
    accessTokenUrl: urls.accessTokenUrl,
    jwksUrl: urls.jwksUrl,
  }
}

export function platformUrls(publicUrl: string): PlatformUrls {
  const base = publicUrl.replace(/\/+$/, '')
  return {
    issuer: base,
    jwksUrl: `${base}/lti/jwks`,
    authenticationRequestUrl: `${base}/lti/authorize`,
    accessTokenUrl: `${base}/lti/token`,
    deepLinkingReturnUrl: `${base}/lti/deep-linking/return`,
    lineItems: (c) => `${base}/lti/contexts/${enc(c)}/lineitems`,
    lineItem: (c, l) => `${base}/lti/contexts/${enc(c)}/lineitems/${enc(l)}`,
    memberships: (c) => `${base}/lti/contexts/${enc(c)}/memberships`,
    contextPage: (c) => `${base}/courses/${enc(c)}`,
    launchReturn: (c) => `${base}/courses/${enc(c)}/return`,
  }
}
