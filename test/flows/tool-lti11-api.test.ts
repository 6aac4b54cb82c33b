/** The admin API of a workspace's former LTI 1.1 consumers: stored sealed, never echoed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/databases.js'
import { startConnectedTool } from '../support/tool-harness.js'
import type { ConnectedTool } from '../support/tool-harness.js'

const SECRET = 'shared-secret-of-1.1'

describe.each(DIALECTS)('tool LTI 1.1 consumers API on %s', (dialect) => {
  let connected: ConnectedTool
  let consumers: string

  beforeAll(async () => {
    connected = await startConnectedTool(dialect)
    consumers = `/workspaces/${connected.ws.slug}/lti11/consumers`
  })
  afterAll(() => connected?.close())

  const api: ConnectedTool['tool']['api'] = (path, init) => connected.tool.api(path, init)

  it('stores a consumer, sealed, and never answers its secret', async () => {
    const created = await api(consumers, {
      method: 'POST',
      body: { consumerKey: 'moodle.example.edu', sharedSecret: SECRET },
    })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({
      id: expect.any(String),
      consumerKey: 'moodle.example.edu',
      registrationId: null,
      createdAt: expect.any(String),
    })
    const listed = await api(consumers)
    expect(listed.body).toEqual([created.body])
    expect(JSON.stringify(listed.body)).not.toContain(SECRET)

    const row = await connected.tool.database.db
      .selectFrom('lti11_consumers')
      .select('encrypted_secret')
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow()
    expect(row.encrypted_secret).toMatch(/^v1\./)
    expect(row.encrypted_secret).not.toContain(SECRET)
  })

  it('refuses a key the workspace holds already, and bad input per field', async () => {
    const again = await api(consumers, {
      method: 'POST',
      body: { consumerKey: 'moodle.example.edu', sharedSecret: 'other' },
    })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('LTI11_CONSUMER_DUPLICATE')

    const bad = await api(consumers, {
      method: 'POST',
      body: { consumerKey: 'has space', sharedSecret: '' },
    })
    expect(bad.status).toBe(400)
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['consumerKey', 'sharedSecret'])

    const unknownLms = await api(consumers, {
      method: 'POST',
      body: { consumerKey: 'k2', sharedSecret: 's', registrationId: 'no-such-lms' },
    })
    expect(unknownLms.status).toBe(400)
    expect(unknownLms.body.error.fields).toHaveProperty('registrationId')
  })

  it('links a consumer to a connected LMS, unlinks it and deletes it', async () => {
    const created = await api(consumers, {
      method: 'POST',
      body: { consumerKey: 'linked', sharedSecret: 's', registrationId: connected.ws.platformId },
    })
    expect(created.status).toBe(201)
    expect(created.body.registrationId).toBe(connected.ws.platformId)
    const path = `${consumers}/${created.body.id}`

    const unlinked = await api(path, { method: 'PUT', body: { registrationId: null } })
    expect(unlinked.status).toBe(200)
    expect(unlinked.body.registrationId).toBeNull()
    const linked = await api(path, {
      method: 'PUT',
      body: { registrationId: connected.ws.platformId },
    })
    expect(linked.body.registrationId).toBe(connected.ws.platformId)
    const badLink = await api(path, { method: 'PUT', body: { registrationId: 'nope' } })
    expect(badLink.status).toBe(400)

    expect((await api(path, { method: 'DELETE' })).status).toBe(204)
    const gone = await api(path, { method: 'DELETE' })
    expect(gone.status).toBe(404)
    expect(gone.body.error.code).toBe('LTI11_CONSUMER_NOT_FOUND')
    const putGone = await api(path, { method: 'PUT', body: { registrationId: null } })
    expect(putGone.body.error.code).toBe('LTI11_CONSUMER_NOT_FOUND')
  })

  it('gives the 1.1 launch URL, and answers only the admin token', async () => {
    const endpoints = await api(`/workspaces/${connected.ws.slug}/lti11/endpoints`)
    expect(endpoints.body).toEqual({
      launchUrl: `${connected.tool.server.url}/lti/${connected.ws.workspaceId}/lti11/launch`,
    })
    const anonymous = await api(consumers, { token: null })
    expect(anonymous.status).toBe(401)
    const wrong = await api(consumers, { method: 'POST', token: 'x'.repeat(30), body: {} })
    expect(wrong.status).toBe(401)
    const missing = await api('/workspaces/no-such-ws/lti11/consumers')
    expect(missing.body.error.code).toBe('LTI_WORKSPACE_NOT_FOUND')
  })
})
