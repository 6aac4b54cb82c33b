/**
 * Reads a context's roster from the platform and stores it: access token (client credentials,
 * signed by the workspace key), every membership page, then one replacing write.
 */
import { SCOPE } from '../../core/claims.js'
import { LtiError } from '../../core/errors.js'
import type { AccessTokenCache } from '../../core/oauth/access-token-cache.js'
import { requestAccessToken } from '../../core/oauth/request-access-token.js'
import type { Clock, Fetch, Registration } from '../../core/ports.js'
import type { SigningKey } from '../../core/security/key-set.js'
import type { RosterPorts } from '../ports.js'
import { fetchMemberships } from './fetch-memberships.js'
import type { AccessTokenSource, FetchMembershipsInput } from './fetch-memberships.js'

/** NRPS 2.0 §3.6.2: the one scope a roster read needs. */
export const NRPS_SCOPES: readonly string[] = [SCOPE.nrpsMembershipReadonly]

export interface RosterSyncDeps {
  /** The guarded fetch: token and membership URLs come from admins and id_tokens. */
  readonly fetch: Fetch
  readonly clock: Clock
  /** Shared per process, so roster reads and other service calls reuse tokens. */
  readonly accessTokens: AccessTokenCache
  /** The active key of a workspace (the registration's); it signs the client assertion. */
  signingKey(workspaceId: string): Promise<SigningKey>
  readonly store: Pick<RosterPorts, 'replaceRosterMembers' | 'recordRosterFailure'>
  /** Bounds of the read (pages, members, bytes, timeout); see `fetchMemberships`. */
  readonly limits?: Pick<
    FetchMembershipsInput,
    'limit' | 'maxPages' | 'maxMembers' | 'maxPageBytes' | 'timeoutMs'
  >
}

export interface RosterTarget {
  readonly registration: Registration
  readonly contextId: string
  /** The `context_memberships_url` of the context (NRPS 2.0 §3.6.1). */
  readonly membershipsUrl: string
}

export interface RosterSyncResult {
  readonly members: number
  readonly pages: number
  readonly skipped: number
  readonly syncedAt: number
}

/**
 * Replaces the stored roster of a context with what the platform lists now. A failure is recorded
 * with the roster (its code shows in the roster API) and thrown.
 *
 * @throws LTI_NRPS_REQUEST_FAILED, LTI_TOKEN_RESPONSE_INVALID, LTI_KEY_UNAVAILABLE, or a URL
 *   policy code (LTI_URL_INSECURE, LTI_URL_FORBIDDEN_ADDRESS) from the guarded fetch.
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0/#lti-1-3-integration
 */
export async function syncRoster(
  target: RosterTarget,
  deps: RosterSyncDeps,
): Promise<RosterSyncResult> {
  const { registration, contextId, membershipsUrl } = target
  try {
    const memberships = await fetchMemberships({
      ...deps.limits,
      fetch: deps.fetch,
      url: membershipsUrl,
      tokens: tokenSource(registration, deps),
    })
    const syncedAt = deps.clock.now()
    await deps.store.replaceRosterMembers({
      registrationId: registration.id,
      contextId,
      membershipsUrl,
      members: memberships.members,
      at: syncedAt,
    })
    return {
      members: memberships.members.length,
      pages: memberships.pages,
      skipped: memberships.skipped,
      syncedAt,
    }
  } catch (error) {
    await deps.store
      .recordRosterFailure({
        registrationId: registration.id,
        contextId,
        errorCode: error instanceof LtiError ? error.code : 'LTI_INTERNAL',
        at: deps.clock.now(),
      })
      .catch(() => undefined)
    throw error
  }
}

/** Security Framework §4.1: client credentials with a JWT assertion, cached until it expires. */
export function tokenSource(registration: Registration, deps: RosterSyncDeps): AccessTokenSource {
  return {
    get: async () => {
      const token = await deps.accessTokens.get(registration.id, NRPS_SCOPES, async () =>
        requestAccessToken({
          fetch: deps.fetch,
          tokenUrl: registration.accessTokenUrl,
          clientId: registration.clientId,
          signingKey: await deps.signingKey(registration.workspaceId),
          scopes: NRPS_SCOPES,
          clock: deps.clock,
        }),
      )
      return token.accessToken
    },
    refused: (token) => deps.accessTokens.invalidate(registration.id, NRPS_SCOPES, token),
  }
}
