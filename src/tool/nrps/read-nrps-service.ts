/**
 * The NRPS claim of a launch, checked before the tool relies on it.
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0/#lti-1-3-integration
 */

/** The service as the tool uses it: where the context's memberships are. */
export interface NrpsService {
  readonly contextMembershipsUrl: string
}

/**
 * The claim's memberships URL, or `undefined` when the claim is absent, malformed, or offers no
 * version 2.0 of the service (NRPS 2.0 §3.6.1: `service_versions` lists what the platform speaks).
 */
export function readNrpsService(claim: unknown): NrpsService | undefined {
  if (typeof claim !== 'object' || claim === null) return undefined
  const { context_memberships_url: url, service_versions: versions } = claim as Record<
    string,
    unknown
  >
  if (typeof url !== 'string' || url.length > 2048 || !URL.canParse(url)) return undefined
  // Some platforms omit service_versions; a list that exists must include 2.0.
  if (Array.isArray(versions) && !versions.includes('2.0')) return undefined
  return { contextMembershipsUrl: url }
}
