/**
 * The scenario picker's form carries everything needed to answer the deep linking request in one
 * sealed token: who asked, from which platform and deployment, and the request's settings (return
 * URL, `data`, what is accepted). Sealed with the server's key, so the form cannot be altered to
 * answer another course or return URL; its `jti` makes it single-use.
 */
import type { DeepLinkingSettings } from '../../core/deep-linking/read-deep-linking-settings.js'
import { LtiRequestInvalid, LtiTokenInvalid } from '../../core/errors.js'
import { randomString } from '../../core/lib/random.js'
import type { Clock, MacKey } from '../../core/ports.js'
import { openToken, sealToken } from '../../core/security/sealed-token.js'

export interface PickerSession {
  readonly workspaceId: string
  readonly registrationId: string
  /** The platform's issuer: the response's `aud`. */
  readonly issuer: string
  /** The tool's client ID at the platform: the response's `iss`. */
  readonly clientId: string
  readonly deploymentId: string
  readonly memberId: string
  readonly contextId?: string
  readonly settings: DeepLinkingSettings
  /** Single use: consumed in the nonce store when the picker is answered. */
  readonly jti: string
  readonly expiresAt: number
}

const PURPOSE = 'ltikit.deep-linking-picker.v1'
/** What `openToken` accepts; a token larger than this could never be opened. */
const MAX_TOKEN = 8192
export const PICKER_TTL_MS = 60 * 60_000

/**
 * Seals the picker session of a validated deep linking request.
 * @throws LTI_CLAIM_INVALID when the request's settings (its `data`, mostly) are too large to
 *   carry through the picker form.
 */
export async function sealPickerToken(
  session: Omit<PickerSession, 'jti' | 'expiresAt'>,
  key: MacKey,
  clock: Clock,
  ttlMs = PICKER_TTL_MS,
): Promise<string> {
  const payload = { ...session, jti: randomString(), expiresAt: clock.now() + ttlMs }
  const token = await sealToken(PURPOSE, payload as unknown as Record<string, unknown>, key)
  if (token.length > MAX_TOKEN) {
    throw new LtiRequestInvalid(
      'LTI_CLAIM_INVALID',
      'deep linking settings too large to carry through the picker',
      { cause: { claim: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings' } },
    )
  }
  return token
}

/**
 * The session of an authentic, unexpired picker token of this workspace.
 * @throws LTI_DEEP_LINKING_SELECTION_INVALID
 */
export async function openPickerToken(
  token: string,
  workspaceId: string,
  key: MacKey,
  clock: Clock,
): Promise<PickerSession> {
  const payload = await openToken(PURPOSE, token, key)
  const session = payload as Partial<PickerSession> | undefined
  if (
    !session ||
    session.workspaceId !== workspaceId ||
    typeof session.jti !== 'string' ||
    typeof session.expiresAt !== 'number' ||
    session.expiresAt <= clock.now() ||
    typeof session.settings?.deepLinkReturnUrl !== 'string'
  ) {
    throw new LtiTokenInvalid(
      'LTI_DEEP_LINKING_SELECTION_INVALID',
      'picker token invalid, expired or for another workspace',
    )
  }
  return session as PickerSession
}
