/**
 * The platform's URL layout: one place that builds the endpoints it advertises in launches and
 * registration details, and that the web routes mount. Everything hangs off the issuer URL.
 */
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
  /** The page a launch returns to (launch presentation `return_url`). */
  contextPage(contextId: string): string
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
  }
}
