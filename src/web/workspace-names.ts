/**
 * The names the admin pages show for the member and scenario IDs their rows carry: looked up
 * once per page, for the IDs on it only.
 */
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
