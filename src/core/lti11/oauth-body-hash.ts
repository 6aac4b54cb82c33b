import { encodeBase64 } from './bytes.js'

/**
 * The `oauth_body_hash` of a request body: base64 of the SHA-1 of the raw bytes. LTI 1.1 Basic
 * Outcomes requests carry their XML this way, since OAuth 1.0a signs only form parameters.
 *
 * @param body the exact bytes sent (or received), before any decoding
 * @see https://oauth.googlecode.com/svn/spec/ext/body_hash/1.0/oauth-bodyhash.html
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export async function oauthBodyHash(body: Uint8Array): Promise<string> {
  const copy = new Uint8Array(body)
  return encodeBase64(new Uint8Array(await crypto.subtle.digest('SHA-1', copy)))
}
