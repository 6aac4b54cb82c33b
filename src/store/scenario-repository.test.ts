import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countQueries, DIALECTS, openTestDatabase } from '../../test/support/databases.js'
import type { TestDatabase } from '../../test/support/databases.js'
import { scenarioRepository } from './scenario-repository.js'
import type { ScenarioRepository } from './scenario-repository.js'
import { workspaceRepository } from './workspace-repository.js'

const NOW = 1_790_000_000_000
const clock = { now: () => NOW }

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    let scenarios: ScenarioRepository
    let workspaceId: string
    let otherWorkspaceId: string
    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      scenarios = scenarioRepository(database.db, clock)
      const workspaces = workspaceRepository(database.db, clock)
      const ids = await Promise.all(
        ['one', 'two'].map(async (slug) => {
          const workspace = await workspaces.create({ name: slug, slug })
          if (workspace === 'duplicate') throw new Error('unexpected duplicate')
          return workspace.id
        }),
      )
      ;[workspaceId, otherWorkspaceId] = ids as [string, string]
    })
    afterAll(() => database?.close())

    it('creates a scenario and finds it by ID and by slug, omitting an absent description', async () => {
      const created = await scenarios.create(workspaceId, { slug: 'phishing', title: 'Phishing' })
      expect(created).toEqual({
        id: expect.any(String),
        workspaceId,
        slug: 'phishing',
        title: 'Phishing',
        createdAt: NOW,
      })
      if (created === 'duplicate') throw new Error('unexpected duplicate')
      expect(created).not.toHaveProperty('description')
      expect(await scenarios.find(workspaceId, created.id)).toEqual(created)
      expect(await scenarios.find(workspaceId, 'phishing')).toEqual(created)
    })

    it('keeps a description', async () => {
      const created = await scenarios.create(workspaceId, {
        slug: 'described',
        title: 'Described',
        description: 'A scenario with a description',
      })
      expect(await scenarios.find(workspaceId, 'described')).toEqual(created)
      expect(created).toMatchObject({ description: 'A scenario with a description' })
    })

    it("returns 'duplicate' for a slug taken in the same workspace only", async () => {
      await scenarios.create(workspaceId, { slug: 'twice', title: 'First' })
      expect(await scenarios.create(workspaceId, { slug: 'twice', title: 'Second' })).toBe(
        'duplicate',
      )
      expect(await scenarios.create(otherWorkspaceId, { slug: 'twice', title: 'Other' })).toEqual(
        expect.objectContaining({ workspaceId: otherWorkspaceId, title: 'Other' }),
      )
    })

    it('does not find a scenario of another workspace', async () => {
      const created = await scenarios.create(otherWorkspaceId, { slug: 'theirs', title: 'Theirs' })
      if (created === 'duplicate') throw new Error('unexpected duplicate')
      expect(await scenarios.find(workspaceId, created.id)).toBeUndefined()
      expect(await scenarios.find(workspaceId, 'theirs')).toBeUndefined()
      expect(await scenarios.find(workspaceId, 'missing')).toBeUndefined()
    })

    it('lists the scenarios of one workspace', async () => {
      const slugs = (await scenarios.list(otherWorkspaceId)).map((s) => s.slug)
      expect(slugs).toEqual(['theirs', 'twice'])
    })

    it('rejects a scenario for a workspace that does not exist', async () => {
      await expect(
        scenarios.create('no-such-workspace', { slug: 'x', title: 'X' }),
      ).rejects.toThrow()
    })

    describe('find cache', () => {
      it('answers a repeated find from memory until 5 s have passed', async () => {
        let t = NOW
        const created = await scenarios.create(workspaceId, { slug: 'cached', title: 'Cached' })
        const counter = countQueries(database.db)
        const repository = scenarioRepository(counter.db, { now: () => t })
        expect(await repository.find(workspaceId, 'cached')).toEqual(created)
        t += 4_999
        expect(await repository.find(workspaceId, 'cached')).toEqual(created)
        expect(counter.count()).toBe(1)
        t += 1
        expect(await repository.find(workspaceId, 'cached')).toEqual(created)
        expect(counter.count()).toBe(2)
        // The key is the workspace and the reference together.
        expect(await repository.find(otherWorkspaceId, 'cached')).toBeUndefined()
      })

      it('does not cache a miss: a scenario created elsewhere opens at once', async () => {
        const counter = countQueries(database.db)
        const repository = scenarioRepository(counter.db, clock)
        expect(await repository.find(workspaceId, 'later')).toBeUndefined()
        const created = await scenarios.create(workspaceId, { slug: 'later', title: 'Later' })
        expect(await repository.find(workspaceId, 'later')).toEqual(created)
        expect(counter.count()).toBe(2)
      })
    })
  })
}
