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

    it('keeps a script, and updates title, description and script but not the slug', async () => {
      const script = JSON.stringify({ version: 1, nodes: ['long', 'text'.repeat(20_000)] })
      const created = await scenarios.create(workspaceId, {
        slug: 'scripted',
        title: 'Scripted',
        script,
      })
      if (created === 'duplicate') throw new Error('unexpected duplicate')
      expect(created).toMatchObject({ script })
      expect(await scenarios.find(workspaceId, 'scripted')).toEqual(created)

      const updated = await scenarios.update(workspaceId, created.id, {
        title: 'Scripted, again',
        description: 'Now described',
        script: '{"version":1}',
      })
      expect(updated).toEqual({
        ...created,
        title: 'Scripted, again',
        description: 'Now described',
        script: '{"version":1}',
      })
      expect(await scenarios.find(workspaceId, 'scripted')).toEqual(updated)

      const cleared = await scenarios.update(workspaceId, created.id, { title: 'Bare' })
      expect(cleared).toEqual({ ...created, title: 'Bare', script: undefined })
      expect(cleared).not.toHaveProperty('script')
      expect(cleared).not.toHaveProperty('description')
      expect((await scenarios.list(workspaceId)).find((s) => s.id === created.id)).toEqual(cleared)
    })

    it('updates nothing in another workspace', async () => {
      const created = await scenarios.create(workspaceId, { slug: 'mine', title: 'Mine' })
      if (created === 'duplicate') throw new Error('unexpected duplicate')
      expect(
        await scenarios.update(otherWorkspaceId, created.id, { title: 'Stolen' }),
      ).toBeUndefined()
      expect(await scenarios.update(workspaceId, 'no-such-id', { title: 'X' })).toBeUndefined()
      expect(await scenarios.find(workspaceId, 'mine')).toEqual(created)
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

      it('drops its own cached entries of a scenario it updates', async () => {
        const counter = countQueries(database.db)
        const repository = scenarioRepository(counter.db, clock)
        const created = await repository.create(workspaceId, { slug: 'edited', title: 'Edited' })
        if (created === 'duplicate') throw new Error('unexpected duplicate')
        expect(await repository.find(workspaceId, 'edited')).toEqual(created)
        expect(await repository.find(workspaceId, created.id)).toEqual(created)
        await repository.update(workspaceId, created.id, { title: 'Edited twice' })
        expect((await repository.find(workspaceId, 'edited'))?.title).toBe('Edited twice')
        expect((await repository.find(workspaceId, created.id))?.title).toBe('Edited twice')
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
