import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS, openTestDatabase } from '../../test/support/databases.js'
import type { TestDatabase } from '../../test/support/databases.js'
import { createStores } from '../store/create-stores.js'
import { parseScenarioScriptJson } from '../tool/scenarios/parse-scenario-script.js'
import type { ToolStores } from '../web/tool-stores.js'
import { DEMO_SCENARIOS, DEMO_WORKSPACE, seedDemo } from './demo-seed.js'

describe.each(DIALECTS)('seedDemo on %s', (dialect) => {
  let database: TestDatabase
  let stores: ToolStores
  beforeAll(async () => {
    database = await openTestDatabase(dialect)
    stores = { ...createStores(database.db, { cacheTtlMs: 0 }), ping: async () => undefined }
  })
  afterAll(() => database?.close())

  it('seeds the three demo scenarios, each with a valid script', async () => {
    const keys: string[] = []
    const workspace = await seedDemo(stores, async (id) => void keys.push(id))
    expect(keys).toEqual([workspace.id])
    const scenarios = await stores.scenarios.list(workspace.id)
    expect(scenarios.map((s) => s.slug).sort()).toEqual(DEMO_SCENARIOS.map((s) => s.slug).sort())
    for (const scenario of scenarios) {
      expect(parseScenarioScriptJson(scenario.script ?? '').ok, scenario.slug).toBe(true)
    }
  })

  it('adds scripts to demo scenarios seeded without one, and keeps edited scripts', async () => {
    const workspace = (await stores.workspaces.find(DEMO_WORKSPACE.slug))!
    const [first, second] = await Promise.all(
      ['cold-call-objections', 'discovery-call'].map(
        async (slug) => (await stores.scenarios.find(workspace.id, slug))!,
      ),
    )
    await stores.scenarios.update(workspace.id, first!.id, { title: first!.title })
    await stores.scenarios.update(workspace.id, second!.id, {
      title: 'Edited',
      script: '{"edited":true}',
    })
    expect(await seedDemo(stores, async () => undefined)).toMatchObject({ id: workspace.id })
    expect((await stores.scenarios.find(workspace.id, first!.id))?.script).toBe(first!.script)
    expect(await stores.scenarios.find(workspace.id, second!.id)).toMatchObject({
      title: 'Edited',
      script: '{"edited":true}',
    })
  })
})
