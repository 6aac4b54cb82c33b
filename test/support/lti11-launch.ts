/**
 * An LMS's LTI 1.1 basic launch into the tool: the form an LMS posts, signed with OAuth 1.0a
 * HMAC-SHA1 (a fresh nonce, the current time), posted without following the redirect.
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
import { randomUUID } from 'node:crypto'
import { signOAuth1Request } from '../../src/core/lti11/sign-oauth1-request.js'

export async function postLti11Launch(
  launchUrl: string,
  credentials: { consumerKey: string; consumerSecret: string },
  params: Record<string, string>,
): Promise<Response> {
  const fields = await signOAuth1Request({
    method: 'POST',
    url: launchUrl,
    params: Object.entries({
      lti_message_type: 'basic-lti-launch-request',
      lti_version: 'LTI-1p0',
      resource_link_id: 'link-1',
      ...params,
    }),
    ...credentials,
    nonce: randomUUID(),
    timestamp: Math.floor(Date.now() / 1000),
  })
  return fetch(launchUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams(fields).toString(),
  })
}
