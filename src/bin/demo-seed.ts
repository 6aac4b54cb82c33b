/** The demo's workspace and scenarios, created through the same stores the admin API uses. */
import { DEMO_SCRIPTS } from '../tool/scenarios/demo/demo-scripts.js'
import { parseScenarioScript } from '../tool/scenarios/parse-scenario-script.js'
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

/**
 * Idempotent: an existing demo workspace is left as it is, except that a demo scenario without a
 * script (seeded before scenarios had scripts) gets its demo script; scripts an admin edited stay.
 */
export async function seedDemo(
  stores: ToolStores,
  ensureKeys: (workspaceId: string) => Promise<void>,
): Promise<{ id: string; slug: string }> {
  const existing = await stores.workspaces.find(DEMO_WORKSPACE.slug)
  if (existing) {
    await addMissingScripts(stores, existing.id)
    return existing
  }
  const workspace = await stores.workspaces.create(DEMO_WORKSPACE)
  if (workspace === 'duplicate') return (await stores.workspaces.find(DEMO_WORKSPACE.slug))!
  await ensureKeys(workspace.id)
  for (const scenario of DEMO_SCENARIOS) {
    await stores.scenarios.create(workspace.id, { ...scenario, script: demoScript(scenario.slug) })
  }
  return workspace
}

async function addMissingScripts(stores: ToolStores, workspaceId: string): Promise<void> {
  for (const { slug } of DEMO_SCENARIOS) {
    const scenario = await stores.scenarios.find(workspaceId, slug)
    if (!scenario || scenario.script !== undefined) continue
    await stores.scenarios.update(workspaceId, scenario.id, {
      title: scenario.title,
      ...(scenario.description ? { description: scenario.description } : {}),
      script: demoScript(slug),
    })
  }
}

/** The demo script of `slug` as JSON text; the demo's own tests keep these valid. */
export function demoScript(slug: string): string {
  const parsed = parseScenarioScript(DEMO_SCRIPTS[slug])
  if (!parsed.ok) throw new Error(`demo script ${slug}: ${JSON.stringify(parsed.problems)}`)
  return JSON.stringify(parsed.script, null, 2)
}
