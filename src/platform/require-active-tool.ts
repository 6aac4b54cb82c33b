import { LtiForbidden } from '../core/errors.js'
import type { Tool } from './ports.js'

/**
 * Refuses a tool that may not be used now: one an admin has not approved yet (Dynamic
 * Registration 1.0 §3.6 lets the platform hold a registered tool for review), or one an admin
 * disabled. Neither launches, deep linking requests nor access tokens are issued for it.
 *
 * @param oauthError The RFC 6749 §5.2 error to answer with, for the token endpoint.
 * @throws LTI_TOOL_PENDING_APPROVAL when `tool.status` is `pending`; LTI_TOOL_DISABLED when it
 *   is `disabled` (or any other status but `active`).
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#tool-registration
 */
export function requireActiveTool<T extends Pick<Tool, 'id' | 'status'>>(
  tool: T,
  oauthError?: 'unauthorized_client',
): T {
  if (tool.status === 'active') return tool
  const cause = { toolId: tool.id, status: tool.status, ...(oauthError ? { oauthError } : {}) }
  if (tool.status === 'pending') {
    throw new LtiForbidden('LTI_TOOL_PENDING_APPROVAL', 'tool is pending approval', { cause })
  }
  throw new LtiForbidden('LTI_TOOL_DISABLED', 'tool is disabled', { cause })
}
