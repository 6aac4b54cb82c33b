/**
 * The names the admin pages show for the member and scenario IDs their rows carry: looked up
 * once per page, for the IDs on it only.
 */
import type { Workspace } from '../tool/ports.js'
import type { WorkspaceAdmin, WorkspaceAdminContext } from './routes/tool-workspace-admin.js'
import type { ToolAppDeps } from './tool-deps.js'
import type { ToolStores } from './tool-stores.js'

export interface WorkspaceNames {
  /** The member's name, else their email; `undefined` for an unknown or absent ID. */
  member(id: string | undefined): string | undefined
  scenario(id: string | undefined): string | undefined
}

export async function loadWorkspaceNames(
  stores: Pick<ToolStores, 'members' | 'scenarios'>,
  workspaceId: string,
  memberIds: Iterable<string | undefined>,
): Promise<WorkspaceNames> {
  const ids = [...new Set([...memberIds].filter((id): id is string => id !== undefined))]
  const [members, scenarios] = await Promise.all([
    Promise.all(ids.map((id) => stores.members.findById(workspaceId, id))),
    stores.scenarios.list(workspaceId),
  ])
  const memberNames = new Map<string, string>()
  for (const m of members) {
    const name = m?.name ?? m?.email
    if (m && name) memberNames.set(m.id, name)
  }
  const titles = new Map(scenarios.map((s) => [s.id, s.title]))
  return {
    member: (id) => (id === undefined ? undefined : memberNames.get(id)),
    scenario: (id) => (id === undefined ? undefined : titles.get(id)),
  }
}

/** What an admin page that shows members' rows is given besides its rows. */
export interface NamedAdminPageProps {
  readonly workspace: Workspace
  readonly admin: WorkspaceAdmin
  readonly names: WorkspaceNames
  /** For the rows' relative times. */
  readonly now: number
}

/** The guard's workspace and admin, with the names of `memberIds` and the time, for the page. */
export async function loadNamedAdminPage(
  deps: Pick<ToolAppDeps, 'stores' | 'clock'>,
  ctx: WorkspaceAdminContext,
  memberIds: Iterable<string | undefined>,
): Promise<NamedAdminPageProps> {
  const names = await loadWorkspaceNames(deps.stores, ctx.workspace.id, memberIds)
  return { workspace: ctx.workspace, admin: ctx.admin, names, now: deps.clock.now() }
}
