/**
 * The `tool_platform` claim of every message this platform signs (Core 1.3 §5.4.2).
 */
import type { ToolPlatformClaim } from '../core/launch/claim-types.js'

/** The product version sent in `tool_platform.version`; a test keeps it equal to package.json. */
export const PLATFORM_VERSION = '0.1.0'

let cached: { issuer: string; guid: string } | undefined

/**
 * The platform instance as the tool sees it. The `guid` is derived from the issuer URL (a
 * SHA-256 prefix), so it is stable across restarts and instances with no setting to keep.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#platform-instance-claim
 */
export async function toolPlatform(issuer: string): Promise<ToolPlatformClaim> {
  if (cached?.issuer !== issuer) {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(issuer))
    const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
    cached = { issuer, guid: hex.slice(0, 32) }
  }
  return {
    guid: cached.guid,
    name: 'ltikit platform',
    product_family_code: 'ltikit',
    version: PLATFORM_VERSION,
  }
}
