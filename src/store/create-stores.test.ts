import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS, openTestDatabase } from '../../test/support/databases.js'
import type { TestDatabase } from '../../test/support/databases.js'
import { createStores } from './create-stores.js'

const NOW = 1_790_000_000_000

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    beforeAll(async () => {
      database = await openTestDatabase(dialect)
    })
    afterAll(() => database?.close())

    it('builds every repository on one handle, with methods that work detached', async () => {
      const stores = createStores(database.db, { clock: { now: () => NOW } })
      const { create } = stores.workspaces
      const workspace = await create({ name: 'Detached', slug: 'detached' })
      expect(workspace).toMatchObject({ createdAt: NOW })
      if (workspace === 'duplicate') throw new Error('unexpected duplicate')
      const { findRegistration } = stores.registrations.forWorkspace(workspace.id)
      const { consumeLoginState } = stores.loginStates
      const { provisionMember } = stores.members
      const { listKeys } = stores.keys
      const { listLaunches } = stores.launches
      const { list } = stores.scenarios
      expect(await findRegistration('https://nobody.example', 'x')).toBeUndefined()
      expect(await consumeLoginState('nothing', NOW)).toEqual({ status: 'unknown' })
      expect(await listKeys('nobody')).toEqual([])
      expect(await listLaunches(workspace.id)).toEqual([])
      expect(await list(workspace.id)).toEqual([])
      const member = await provisionMember({
        workspaceId: workspace.id,
        issuer: 'https://lms.example',
        sub: 's',
        lmsRoles: [],
        at: NOW,
      })
      expect(member.role).toBe('Member')
    })
  })
}
