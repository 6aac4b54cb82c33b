/**
 * The LTI 1.1 migration claim on this platform's 1.3 messages: a 1.3 tool registration linked to
 * the 1.1 registration it replaces (`Tool.lti11ToolId`) gets, in every resource link launch and
 * deep linking request, the 1.1 identifiers of the launch and the 1.1 consumer key signed with
 * the 1.1 shared secret, so the tool can map its 1.1 users, courses and links to the 1.3 ones.
 * The identifiers are those our 1.1 launches send: `user_id` is the `sub`, `context_id` the
 * `context.id`, `resource_link_id` the `resource_link.id`.
 * @see https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim
 */
import { CLAIM } from '../../core/claims.js'
import { invalidArg } from '../../core/launch/build-message-claims.js'
import type { IdTokenPayload } from '../../core/launch/claim-types.js'
import { buildLti1p1Claim } from '../../core/lti11/lti1p1-claim.js'
import type { SecretBox } from '../../core/security/secret-box.js'
import type { Lti11ToolStore, Tool } from '../ports.js'

/** The 1.1 consumer key and shared secret a 1.3 tool's messages are signed for. */
export interface Lti1p1Credentials {
  readonly oauthConsumerKey: string
  readonly secret: string
}

/**
 * The `extraClaims` hook of `signMessage` that adds the `lti1p1` claim, computed from the
 * payload about to be signed, so `exp` and `nonce` are the token's own.
 */
export function lti1p1Claims(
  credentials: Lti1p1Credentials,
): (payload: Readonly<IdTokenPayload>) => Promise<Record<string, unknown>> {
  return async (payload) => {
    const clientId = typeof payload.aud === 'string' ? payload.aud : payload.azp
    const { iss, exp, nonce, sub } = payload
    const deploymentId = payload[CLAIM.deploymentId]
    const contextId = payload[CLAIM.context]?.id
    const resourceLinkId = payload[CLAIM.resourceLink]?.id
    if (!iss || !clientId || !deploymentId || exp === undefined || !nonce) {
      throw invalidArg('payload', 'lacks iss, aud, deployment_id, exp or nonce')
    }
    return {
      [CLAIM.lti1p1]: await buildLti1p1Claim({
        ...(sub ? { userId: sub } : {}),
        ...(contextId ? { contextId } : {}),
        ...(resourceLinkId ? { resourceLinkId } : {}),
        oauthConsumerKey: credentials.oauthConsumerKey,
        secret: credentials.secret,
        deploymentId,
        issuer: iss,
        clientId,
        exp,
        nonce,
      }),
    }
  }
}

/**
 * Finds the 1.1 credentials of the registration a tool replaces: `undefined` for a tool linked
 * to none, or to a 1.1 tool that no longer exists.
 * @throws LTI_KEY_UNAVAILABLE when the shared secret cannot be opened with the configured keys
 */
export function lti1p1CredentialsOf(deps: {
  readonly lti11Tools: Pick<Lti11ToolStore, 'findLti11Tool'>
  readonly secretBox: SecretBox
}): (tool: Tool) => Promise<Lti1p1Credentials | undefined> {
  return async (tool) => {
    if (tool.lti11ToolId === undefined) return undefined
    const legacy = await deps.lti11Tools.findLti11Tool(tool.lti11ToolId)
    if (!legacy) return undefined
    return {
      oauthConsumerKey: legacy.consumerKey,
      secret: await deps.secretBox.open(legacy.encryptedSharedSecret),
    }
  }
}
