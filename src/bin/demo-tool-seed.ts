/**
 * The demo's tool side: the demo workspace with its scenarios (`seedDemo`), and a workspace admin
 * who signs in with e-mail address and password, created through the admin API.
 */
import type { ToolStores } from '../web/tool-stores.js'
import type { AdminClient } from './admin-client.js'
import { expectStatus } from './admin-client.js'
import { DEMO_PASSWORD } from './demo-platform-seed.js'
import { DEMO_WORKSPACE, seedDemo } from './demo-seed.js'

export const DEMO_TOOL_ADMIN = { name: 'Toby Trainer', email: 'toby@example.com' }

export interface SeededTool {
  workspace: { id: string; slug: string }
  /** Whether the workspace admin exists (false only while the tool lacks the admins API). */
  adminReady: boolean
  created: string[]
}

export async function seedDemoTool(
  api: AdminClient,
  stores: ToolStores,
  ensureKeys: (workspaceId: string) => Promise<void>,
): Promise<SeededTool> {
  const created: string[] = []
  const existed = await stores.workspaces.find(DEMO_WORKSPACE.slug)
  const seeded = await seedDemo(stores, ensureKeys)
  const workspace = { id: seeded.id, slug: seeded.slug }
  if (!existed) created.push(`tool workspace ${workspace.slug} with its scenarios`)

  const response = await api(`/workspaces/${workspace.slug}/admins`, {
    body: { ...DEMO_TOOL_ADMIN, password: DEMO_PASSWORD },
  })
  // 409: the admin is there from an earlier start.
  if (response.status === 201) created.push(`tool admin ${DEMO_TOOL_ADMIN.email}`)
  const missingApi = response.status === 404 && errorCode(response.body) === 'LTI_NOT_FOUND'
  if (!missingApi) expectStatus(response, [201, 409], `tool admin ${DEMO_TOOL_ADMIN.email}`)
  return { workspace, adminReady: !missingApi, created }
}

/** The `code` of an admin API error body (`{ error: { code, ... } }`). */
function errorCode(body: unknown): unknown {
  const error = (body as { error?: { code?: unknown } } | undefined)?.error
  return error?.code
}
