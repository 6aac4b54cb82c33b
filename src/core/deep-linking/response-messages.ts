/**
 * The optional messages of an LtiDeepLinkingResponse, shared by the tool that signs them and
 * the platform that checks them.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message
 */
import { CLAIM } from '../claims.js'

/** DL 2.0 §4.5: the messages a tool may send back with its content items. */
export interface DeepLinkingResponseMessages {
  /** Shown to the user by the platform. */
  msg?: string
  /** Logged by the platform. */
  log?: string
  /** Shown to the user by the platform, as an error. */
  errormsg?: string
  /** Logged by the platform, as an error. */
  errorlog?: string
}

/** Each message field with the claim that carries it. */
export const RESPONSE_MESSAGE_CLAIMS = [
  ['msg', CLAIM.deepLinkingMsg],
  ['log', CLAIM.deepLinkingLog],
  ['errormsg', CLAIM.deepLinkingErrorMsg],
  ['errorlog', CLAIM.deepLinkingErrorLog],
] as const satisfies readonly (readonly [keyof DeepLinkingResponseMessages, string])[]
