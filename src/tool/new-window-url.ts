/**
 * Where the "open in a new window" advice links to when a launch cannot bind its state: the
 * platform page the launch came from (`launch_presentation.return_url`). The id_token has not
 * been verified at that point, so the URL is only used when it lies on the platform origin we
 * already trust for this login; otherwise the advice goes without a link.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#launch-presentation-claim
 */
import { CLAIM } from '../core/claims.js'
import { decodeIdToken } from '../core/launch/decode-id-token.js'

export function newWindowUrl(
  idToken: string | null | undefined,
  trustedOrigin: string | undefined,
): string | undefined {
  if (!idToken || !trustedOrigin) return undefined
  try {
    const presentation = decodeIdToken(idToken).payload[CLAIM.launchPresentation] as
      { return_url?: unknown } | undefined
    const returnUrl = presentation?.return_url
    if (typeof returnUrl !== 'string') return undefined
    const url = new URL(returnUrl)
    return url.origin === trustedOrigin ? url.href : undefined
  } catch {
    return undefined
  }
}
