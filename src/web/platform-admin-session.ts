/**
 * The admin's browser session on the platform (see {@link adminSession}), under a purpose of its
 * own so neither the user session nor the tool's admin session opens as it.
 */
import { adminSession } from './admin-session.js'
import type { AdminSession } from './admin-session.js'
import type { PlatformAppDeps } from './platform-deps.js'

export { ADMIN_SESSION_TTL_SECONDS } from './admin-session.js'
export const ADMIN_SESSION_COOKIE = 'ltikit_platform_admin'
const PURPOSE = 'platform-admin-session-v1'

export function platformAdminSession(
  deps: Pick<PlatformAppDeps, 'sessionKey' | 'clock'>,
): AdminSession {
  return adminSession({
    cookieName: ADMIN_SESSION_COOKIE,
    purpose: PURPOSE,
    key: deps.sessionKey,
    clock: deps.clock,
  })
}
