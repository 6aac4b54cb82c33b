/**
 * The LMS emulator's deep linking side: the claims of an LtiDeepLinkingRequest (applied to an
 * emulator launch through its `claims` option), and what a browser does with the tool's pages:
 * read the picker form, follow the auto-posting response form, and check the signed
 * LtiDeepLinkingResponse as a platform would.
 *
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/
 */
import { createRemoteJWKSet, jwtVerify } from 'jose'
import type { JWTPayload } from 'jose'
import { CLAIM, MESSAGE_TYPE } from '../../src/core/claims.js'
import type { DeepLinkingSettingsClaim } from '../../src/core/launch/claim-types.js'
import type { IdTokenClaims } from './lms-emulator-claims.js'

/** Deep Linking 2.0 §4.4.1 settings, as the wire spells them; any may be left out. */
export type DeepLinkingSettingsInput = Partial<DeepLinkingSettingsClaim>

/**
 * A claims mutator turning the emulator's resource link launch into an LtiDeepLinkingRequest.
 * Defaults: one `ltiResourceLink`, iframe or window, line items accepted, an opaque `data`.
 */
export function deepLinkingRequest(
  issuer: string,
  settings: DeepLinkingSettingsInput = {},
): (claims: IdTokenClaims) => void {
  return (claims) => {
    claims[CLAIM.messageType] = MESSAGE_TYPE.deepLinkingRequest
    // DL 2.0 §4.4: a deep linking request is not about a resource link.
    delete claims[CLAIM.resourceLink]
    claims[CLAIM.deepLinkingSettings] = {
      deep_link_return_url: `${issuer}/deep_links/return?course=1`,
      accept_types: ['ltiResourceLink'],
      accept_presentation_document_targets: ['iframe', 'window'],
      accept_multiple: false,
      accept_lineitem: true,
      data: 'opaque-platform-state-42',
      ...settings,
    }
  }
}

/** One form of an HTML page, as a browser would submit it. */
export interface HtmlForm {
  action: string
  fields: URLSearchParams
  /** Inputs by name: their type and the values on offer (radio/checkbox). */
  inputs: Map<string, { type: string; values: string[] }>
}

/** Reads the first `<form>` of a page rendered by the tool (attributes double-quoted). */
export function readForm(html: string): HtmlForm {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/.exec(html)
  if (!form) throw new Error('no form on the page')
  const attrs = (tag: string) =>
    Object.fromEntries(
      [...tag.matchAll(/([a-zA-Z-]+)(?:="([^"]*)")?/g)].map((m) => [
        m[1],
        decodeEntities(m[2] ?? ''),
      ]),
    )
  const action = attrs(form[1] as string).action ?? ''
  const fields = new URLSearchParams()
  const inputs = new Map<string, { type: string; values: string[] }>()
  for (const match of (form[2] as string).matchAll(/<input\b([^>]*?)\/?>/g)) {
    const a = attrs(match[1] as string)
    if (!a.name) continue
    const type = a.type ?? 'text'
    const entry: { type: string; values: string[] } = inputs.get(a.name) ?? { type, values: [] }
    entry.values.push(a.value ?? '')
    inputs.set(a.name, entry)
    // What a browser submits untouched: hidden and number inputs, boxes checked by default.
    if (type === 'hidden' || type === 'number' || (type === 'checkbox' && 'checked' in a)) {
      fields.append(a.name, a.value ?? '')
    }
  }
  return { action, fields, inputs }
}

/**
 * Verifies a tool's LtiDeepLinkingResponse the way a platform does (DL 2.0 §4.5): signature by a
 * key of the tool's JWKS, `iss` = the tool's client ID, `aud` = the platform's issuer.
 */
export async function verifyDeepLinkingResponse(
  jwt: string,
  expected: { toolJwksUrl: string; clientId: string; issuer: string },
): Promise<JWTPayload> {
  const { payload } = await jwtVerify(jwt, createRemoteJWKSet(new URL(expected.toolJwksUrl)), {
    issuer: expected.clientId,
    audience: expected.issuer,
    algorithms: ['RS256'],
    requiredClaims: ['iat', 'exp', 'nonce'],
  })
  return payload
}

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}
