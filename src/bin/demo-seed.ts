/** The demo's workspace and scenarios, created through the same stores the admin API uses. */
import type { ToolStores } from '../web/tool-stores.js'

export const DEMO_WORKSPACE = { name: 'Acme Sales Academy', slug: 'acme' }

export const DEMO_SCENARIOS = [
  {
    slug: 'cold-call-objections',
    title: 'Handling objections on a cold call',
    description: 'A busy operations manager pushes back on price and timing. Keep the door open.',
  },
  {
    slug: 'discovery-call',
    title: 'Running a discovery call',
    description: 'Uncover the real problem behind a vague request before proposing anything.',
  },
  {
    slug: 'difficult-customer',
    title: 'Calming a frustrated customer',
    description: 'An account is at risk after a failed delivery. Listen, own it, agree next steps.',
  },
]

/** Idempotent: an existing demo workspace is left as it is. */
export async function seedDemo(
  stores: ToolStores,
  ensureKeys: (workspaceId: string) => Promise<void>,
): Promise<{ id: string; slug: string }> {
  const existing = await stores.workspaces.find(DEMO_WORKSPACE.slug)
  if (existing) return existing
  const workspace = await stores.workspaces.create(DEMO_WORKSPACE)
  if (workspace === 'duplicate') return (await stores.workspaces.find(DEMO_WORKSPACE.slug))!
  await ensureKeys(workspace.id)
  for (const scenario of DEMO_SCENARIOS) await stores.scenarios.create(workspace.id, scenario)
  return workspace
}
