import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS, openTestDatabase } from '../../../test/support/databases.js'
import type { TestDatabase } from '../../../test/support/databases.js'
import type { NewTool, ToolStore } from '../../platform/ports.js'
import { toolRepository } from './tool-repository.js'

const NOW = 1_790_000_000_000

const newTool = (overrides: Partial<NewTool> = {}): NewTool => ({
  name: 'Quiz tool',
  oidcLoginUrl: 'https://tool.example/login',
  redirectUris: ['https://tool.example/launch', 'https://tool.example/launch?alt=1'],
  targetLinkUri: 'https://tool.example/launch',
  jwksUrl: 'https://tool.example/.well-known/jwks.json',
  deepLinkingUrl: 'https://tool.example/deep-link',
  customParameters: { course: '$Context.id', 'odd key "quoted"': 'ünïcödé ✓', empty: '' },
  privacy: { sendName: true, sendEmail: false },
  services: {
    ags: [
      'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
      'https://purl.imsglobal.org/spec/lti-ags/scope/score',
    ],
    nrps: true,
    deepLinking: true,
  },
  ...overrides,
})

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    let tools: ToolStore
    let now = NOW
    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      tools = toolRepository(database.db, { now: () => now })
    })
    afterAll(() => database?.close())

    it('stores a tool with its JSON settings exactly and issues its IDs', async () => {
      const tool = await tools.createTool(newTool())
      expect(tool).toEqual({
        ...newTool(),
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        clientId: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
        deploymentId: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
        status: 'active',
        createdAt: NOW,
      })
      expect(tool.clientId).not.toBe(tool.deploymentId)
      expect(await tools.findTool(tool.id)).toEqual(tool)
      expect(await tools.findToolByClientId(tool.clientId)).toEqual(tool)
    })

    it('omits an absent deep linking URL and keeps empty settings', async () => {
      const input = newTool({
        deepLinkingUrl: undefined,
        customParameters: {},
        services: { ags: [], nrps: false, deepLinking: false },
      })
      const tool = await tools.createTool(input)
      const found = await tools.findTool(tool.id)
      expect(found).toEqual(tool)
      expect(found).not.toHaveProperty('deepLinkingUrl')
      expect(found?.services).toEqual({ ags: [], nrps: false, deepLinking: false })
    })

    it('issues distinct IDs to every tool and lists tools in creation order', async () => {
      const fresh = await openTestDatabase(dialect)
      try {
        const repository = toolRepository(fresh.db, { now: () => now })
        const created = []
        for (let i = 0; i < 5; i++) {
          now = NOW + 10 - i * 2 // later tools get earlier times: order follows createdAt
          created.push(await repository.createTool(newTool({ name: `tool ${i}` })))
        }
        const ids = created.flatMap((tool) => [tool.clientId, tool.deploymentId])
        expect(new Set(ids).size).toBe(10)
        expect(await repository.listTools()).toEqual([...created].reverse())
      } finally {
        now = NOW
        await fresh.close()
      }
    })

    it('keeps a pending tool pending until approved, even in a warm cache', async () => {
      const cached = toolRepository(database.db, { now: () => now }, { cacheTtlMs: 60_000 })
      const tool = await cached.createTool(newTool({ status: 'pending' }))
      expect(tool.status).toBe('pending')
      expect((await cached.findTool(tool.id))?.status).toBe('pending')
      expect((await cached.findToolByClientId(tool.clientId))?.status).toBe('pending')
      expect(await cached.approveTool(tool.id)).toEqual({ ...tool, status: 'active' })
      expect((await cached.findTool(tool.id))?.status).toBe('active')
      expect((await cached.findToolByClientId(tool.clientId))?.status).toBe('active')
      expect((await tools.listTools()).find((t) => t.id === tool.id)?.status).toBe('active')
      expect(await cached.approveTool(tool.id)).toEqual({ ...tool, status: 'active' })
      expect(await cached.approveTool('00000000-0000-0000-0000-000000000000')).toBeUndefined()
    })

    it('disables and enables an active tool, seen at once through a warm cache', async () => {
      const cached = toolRepository(database.db, { now: () => now }, { cacheTtlMs: 60_000 })
      const tool = await cached.createTool(newTool())
      expect((await cached.findToolByClientId(tool.clientId))?.status).toBe('active')
      expect(await cached.setToolStatus(tool.id, 'disabled')).toEqual({
        ...tool,
        status: 'disabled',
      })
      expect((await cached.findTool(tool.id))?.status).toBe('disabled')
      expect((await cached.findToolByClientId(tool.clientId))?.status).toBe('disabled')
      // Approval is for pending tools: it does not enable a disabled one.
      expect((await cached.approveTool(tool.id))?.status).toBe('disabled')
      expect((await cached.setToolStatus(tool.id, 'active'))?.status).toBe('active')
      expect((await cached.findTool(tool.id))?.status).toBe('active')
      expect(await cached.setToolStatus('00000000-0000-0000-0000-000000000000', 'active')).toBe(
        undefined,
      )
    })

    it('never enables a pending tool, but disabling rejects it', async () => {
      const tool = await tools.createTool(newTool({ status: 'pending' }))
      expect((await tools.setToolStatus(tool.id, 'active'))?.status).toBe('pending')
      expect((await tools.setToolStatus(tool.id, 'disabled'))?.status).toBe('disabled')
    })

    it('gives undefined for an unknown ID or client ID', async () => {
      expect(await tools.findTool('00000000-0000-0000-0000-000000000000')).toBeUndefined()
      expect(await tools.findToolByClientId('no-such-client')).toBeUndefined()
    })
  })
}
