/**
 * The workspace a tool route names with its `:ws` parameter, by ID or slug: the one lookup of the
 * admin API and the workspace admin pages, with the one error for a workspace that is not there.
 */
import type { Context } from 'hono'
import { LtiNotFound } from '../../core/errors.js'
import type { Workspace } from '../../tool/ports.js'
import type { AppEnv } from '../env.js'
import type { ToolStores } from '../tool-stores.js'

/** @throws LTI_WORKSPACE_NOT_FOUND when no workspace has this ID or slug. */
export async function workspaceOf(
  stores: Pick<ToolStores, 'workspaces'>,
  c: Context<AppEnv>,
): Promise<Workspace> {
  const workspace = await stores.workspaces.find(c.req.param('ws') ?? '')
  if (!workspace) {
    throw new LtiNotFound('LTI_WORKSPACE_NOT_FOUND', 'no workspace with this ID or slug')
  }
  return workspace
}
