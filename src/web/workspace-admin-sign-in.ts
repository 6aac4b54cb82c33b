/**
 * Email and password sign-in of workspace admins (the hook `adminSignIn` calls): finds the
 * account, checks the password in constant time, and picks the page to land on.
 */
import { verifyPassword, verifyPasswordOfUnknownUser } from '../platform/password.js'
import type { AdminSignInOptions } from './routes/admin-sign-in.js'
import type { ToolAppDeps } from './tool-deps.js'
import { workspaceAdminPath } from './views/tool-admin-layout.js'

const WORKSPACE_PAGE = /^\/admin\/workspaces\/([^/?#]+)(?:[/?#]|$)/

export function workspaceAdminPasswordSignIn(
  deps: Pick<ToolAppDeps, 'stores'>,
): NonNullable<AdminSignInOptions['passwordSignIn']> {
  const { stores } = deps
  /** The ID of the workspace whose admin page `next` is, if any. */
  const workspaceOfPage = async (next: string) => {
    const ws = WORKSPACE_PAGE.exec(next)?.[1]
    if (!ws) return undefined
    try {
      return (await stores.workspaces.find(decodeURIComponent(ws)))?.id
    } catch {
      return undefined
    }
  }

  return async ({ email, password, next }) => {
    const target = await workspaceOfPage(next)
    const accounts = email ? await stores.workspaceAdmins.findAdminAccounts(email) : []
    // An email may administer several workspaces: the one the admin was heading to, else the
    // oldest. Exactly one password check either way, so timing tells no account apart.
    const account = accounts.find((a) => a.member.workspaceId === target) ?? accounts[0]
    const valid = account
      ? await verifyPassword(password, account.passwordHash)
      : await verifyPasswordOfUnknownUser(password)
    if (!account || !valid) return undefined
    const workspace = await stores.workspaces.find(account.member.workspaceId)
    if (!workspace) return undefined
    return {
      subject: { memberId: account.member.id, workspaceId: workspace.id },
      next: target === workspace.id ? next : workspaceAdminPath(workspace, 'lti'),
    }
  }
}
