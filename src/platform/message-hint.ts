/**
 * The `lti_message_hint` the platform sends with a third-party initiated login and gets back in
 * the tool's authentication request. It tells the authentication endpoint which launch the
 * browser asked for, so it is sealed (a tool cannot change the activity), bound to one user and
 * one tool, and short-lived. Sealed rather than stored: any instance answers the authentication
 * request and nothing is written per launch.
 *
 * It is deliberately not single-use. It only ever yields an id_token for the user of the session
 * cookie, posted to a redirect URI registered for the same tool: a replay gains nothing that
 * relaunching would not give, while a tool that restarts its login (a lost state cookie, a
 * back button) would otherwise fail. The tool's nonce is what makes each id_token single-use.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#lti_message_hint-login-parameter
 */
import type { Clock, MacKey } from '../core/ports.js'
import { openToken, sealToken } from '../core/security/sealed-token.js'
import type { LinkPresentation } from './ports.js'

/** Ten minutes: the time a browser needs for login initiation and authentication, and more. */
export const MESSAGE_HINT_TTL_SECONDS = 600

const PURPOSE = 'platform-message-hint-v1'

/** What a message hint stands for: a resource link launch or a deep linking request. */
export type MessageHintSubject =
  | {
      readonly kind: 'launch'
      readonly contextId: string
      readonly linkId: string
      readonly toolId: string
      readonly userId: string
    }
  | {
      readonly kind: 'deep-linking'
      readonly contextId: string
      readonly toolId: string
      readonly userId: string
      /** Where the picker opens: the request's `document_target`; absent means `window`. */
      readonly documentTarget?: LinkPresentation
    }

/** An opened hint: its subject and when it stops being accepted (epoch seconds). */
export type MessageHint = MessageHintSubject & { readonly expiresAt: number }

/** Seals a message hint that expires {@link MESSAGE_HINT_TTL_SECONDS} from now. */
export async function sealMessageHint(
  subject: MessageHintSubject,
  options: { key: MacKey; clock: Clock; ttlSeconds?: number },
): Promise<string> {
  const exp =
    Math.floor(options.clock.now() / 1000) + (options.ttlSeconds ?? MESSAGE_HINT_TTL_SECONDS)
  const link = subject.kind === 'launch' ? { lid: subject.linkId } : {}
  const target =
    subject.kind === 'deep-linking' && subject.documentTarget ? { dt: subject.documentTarget } : {}
  return sealToken(
    PURPOSE,
    {
      k: subject.kind,
      cid: subject.contextId,
      ...link,
      ...target,
      tid: subject.toolId,
      uid: subject.userId,
      exp,
    },
    options.key,
  )
}

/**
 * Opens a message hint: `invalid` when it was not sealed by this platform for this purpose
 * (altered, foreign, malformed), `expired` after its lifetime.
 */
export async function openMessageHint(
  token: string,
  options: { key: MacKey; clock: Clock },
): Promise<MessageHint | 'invalid' | 'expired'> {
  const payload = await openToken(PURPOSE, token, options.key)
  if (!payload) return 'invalid'
  const { k, lid, cid, tid, uid, exp, dt } = payload
  if (
    typeof cid !== 'string' ||
    typeof tid !== 'string' ||
    typeof uid !== 'string' ||
    typeof exp !== 'number'
  ) {
    return 'invalid'
  }
  if (exp <= Math.floor(options.clock.now() / 1000)) return 'expired'
  if (k === 'launch' && typeof lid === 'string') {
    return { kind: 'launch', contextId: cid, linkId: lid, toolId: tid, userId: uid, expiresAt: exp }
  }
  if (k === 'deep-linking') {
    const documentTarget =
      dt === 'iframe' || dt === 'window' ? { documentTarget: dt as LinkPresentation } : {}
    return {
      kind: 'deep-linking',
      contextId: cid,
      toolId: tid,
      userId: uid,
      ...documentTarget,
      expiresAt: exp,
    }
  }
  return 'invalid'
}
