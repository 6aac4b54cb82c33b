import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countQueries, DIALECTS, openTestDatabase } from '../../test/support/databases.js'
import type { TestDatabase } from '../../test/support/databases.js'
import { workspaceRepository } from './workspace-repository.js'
import type { WorkspaceRepository } from './workspace-repository.js'

const NOW = 1_790_000_000_000

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    let workspaces: WorkspaceRepository
    let now = NOW
    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      workspaces = workspaceRepository(database.db, { now: () => now })
    })
    afterAll(() => database?.close())

    it('creates a workspace and finds it by ID and by slug', async () => {
      const created = await workspaces.create({ name: 'Acme Academy', slug: 'acme' })
      expect(created).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        slug: 'acme',
        name: 'Acme Academy',
        createdAt: NOW,
      })
      if (created === 'duplicate') throw new Error('unexpected duplicate')
      expect(await workspaces.find(created.id)).toEqual(created)
      expect(await workspaces.find('acme')).toEqual(created)
    })

    it('returns undefined for an unknown workspace', async () => {
      expect(await workspaces.find('nobody')).toBeUndefined()
    })

    it("returns 'duplicate' for a taken slug and keeps the first", async () => {
      await workspaces.create({ name: 'First', slug: 'taken' })
      expect(await workspaces.create({ name: 'Second', slug: 'taken' })).toBe('duplicate')
      expect(await workspaces.find('taken')).toMatchObject({ name: 'First' })
    })

    it('prefers an ID match over a slug that spells that ID', async () => {
      const target = await workspaces.create({ name: 'Target', slug: 'target' })
      if (target === 'duplicate') throw new Error('unexpected duplicate')
      await workspaces.create({ name: 'Impostor', slug: target.id })
      expect(await workspaces.find(target.id)).toEqual(target)
    })

    it('lists workspaces oldest first', async () => {
      const empty = await openTestDatabase(dialect)
      try {
        const repository = workspaceRepository(empty.db, { now: () => now })
        expect(await repository.list()).toEqual([])
        now = NOW + 2
        await repository.create({ name: 'B', slug: 'b' })
        now = NOW + 1
        await repository.create({ name: 'A', slug: 'a' })
        expect((await repository.list()).map((w) => [w.slug, w.createdAt])).toEqual([
          ['a', NOW + 1],
          ['b', NOW + 2],
        ])
      } finally {
        await empty.close()
      }
    })

    describe('find cache', () => {
      let t = NOW
      const clock = { now: () => t }

      it('answers a repeated find from memory until 30 s have passed', async () => {
        const created = await workspaces.create({ name: 'Cached', slug: 'cached' })
        const counter = countQueries(database.db)
        const repository = workspaceRepository(counter.db, clock)
        expect(await repository.find('cached')).toEqual(created)
        expect(await repository.find('cached')).toEqual(created)
        t += 29_999
        expect(await repository.find('cached')).toEqual(created)
        expect(counter.count()).toBe(1)
        t += 1
        expect(await repository.find('cached')).toEqual(created)
        expect(counter.count()).toBe(2)
      })

      it('does not cache a miss: a workspace created elsewhere is found at once', async () => {
        const counter = countQueries(database.db)
        const repository = workspaceRepository(counter.db, clock)
        expect(await repository.find('later')).toBeUndefined()
        // Another instance (its own repository) creates it.
        const created = await workspaces.create({ name: 'Later', slug: 'later' })
        expect(await repository.find('later')).toEqual(created)
        expect(counter.count()).toBe(2)
      })

      it('reads every time with cacheTtlMs 0', async () => {
        const counter = countQueries(database.db)
        const repository = workspaceRepository(counter.db, clock, { cacheTtlMs: 0 })
        await repository.find('cached')
        await repository.find('cached')
        expect(counter.count()).toBe(2)
      })
    })
  })
}
