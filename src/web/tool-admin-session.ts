/**
 * The admin's browser session on the tool (see {@link adminSession}): the cookie the tool's admin
 * pages ask for, sealed with the session key under a purpose of its own, so a learner's session
 * token never opens as it.
 */
import { adminSession } from './admin-session.js'
import type { AdminSession } from './admin-session.js'
import type { ToolAppDeps } from './tool-deps.js'

export const TOOL_ADMIN_SESSION_COOKIE = 'ltikit_tool_admin'
const PURPOSE = 'tool-admin-session-v1'

export function toolAdminSession(deps: Pick<ToolAppDeps, 'sessionSecret' | 'clock'>): AdminSession {
  return adminSession({
    cookieName: TOOL_ADMIN_SESSION_COOKIE,
    purpose: PURPOSE,
    key: deps.sessionSecret,
    clock: deps.clock,
  })
}
