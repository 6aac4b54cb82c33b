/** The stable LTI endpoint URLs of one workspace, derived from PUBLIC_URL and the workspace ID. */
export interface ToolEndpoints {
  oidcLoginUrl: string
  launchUrl: string
  jwksUrl: string
  openidConfigurationUrl: string
}

export function ltiBasePath(workspaceId: string): string {
  return `/lti/${encodeURIComponent(workspaceId)}`
}

export function toolEndpoints(publicUrl: string, workspaceId: string): ToolEndpoints {
  const base = publicUrl.replace(/\/+$/, '') + ltiBasePath(workspaceId)
  return {
    oidcLoginUrl: `${base}/login`,
    launchUrl: `${base}/launch`,
    jwksUrl: `${base}/jwks`,
    openidConfigurationUrl: `${base}/openid-configuration`,
  }
}

/**
 * The workspace's LTI 1.1 launch URL, for an LMS still launching it over LTI 1.1. Not among
 * `toolEndpoints`: those are the four URLs an LTI 1.3 registration asks for.
 */
export function lti11LaunchUrl(publicUrl: string, workspaceId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${ltiBasePath(workspaceId)}/lti11/launch`
}

/** A target link URI belongs to a workspace when it is on our origin under its LTI path. */
export function isWorkspaceTargetLinkUri(
  publicUrl: string,
  workspaceId: string,
  uri: string,
): boolean {
  try {
    const target = new URL(uri)
    const ours = new URL(publicUrl)
    return (
      target.origin === ours.origin &&
      target.pathname.startsWith(`${ours.pathname.replace(/\/+$/, '')}${ltiBasePath(workspaceId)}/`)
    )
  } catch {
    return false
  }
}
