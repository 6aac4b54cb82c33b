/**
 * The `lis_result_sourcedid` of an LTI 1.1 launch: which learner's result on which activity a
 * Basic Outcomes request is about. Sealed rather than stored: the outcomes endpoint opens it on
 * any instance and nothing is written per launch. It names our link and user IDs; the endpoint
 * checks the link belongs to the tool whose consumer key signed the request, so a tool can
 * only grade its own activities, and a value is useless to anyone without the tool's secret.
 *
 * It does not expire: a 1.1 tool may send a grade days after the launch (LTI 1.1 §6 sets no
 * lifetime), and the enrollment is checked again when it does.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
import type { MacKey } from '../../core/ports.js'
import { openToken, sealToken } from '../../core/security/sealed-token.js'

/** Its own purpose, so no other token sealed with the same key opens as a sourcedId. */
const PURPOSE = 'platform-lti11-result-sourcedid-v1'

/** What a `lis_result_sourcedid` stands for: our resource link and user IDs. */
export interface ResultSourcedId {
  readonly linkId: string
  readonly userId: string
}

export function sealResultSourcedId(subject: ResultSourcedId, key: MacKey): Promise<string> {
  return sealToken(PURPOSE, { l: subject.linkId, u: subject.userId }, key)
}

/** The link and user of an authentic sourcedId, or `undefined` (altered, foreign, malformed). */
export async function openResultSourcedId(
  token: string,
  key: MacKey,
): Promise<ResultSourcedId | undefined> {
  const payload = await openToken(PURPOSE, token, key)
  if (!payload || typeof payload.l !== 'string' || typeof payload.u !== 'string') return undefined
  return { linkId: payload.l, userId: payload.u }
}
