/** The admin API as automation uses it: auth, validation, conflicts, bounded bodies. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/databases.js'
import { ADMIN_TOKEN, startTestTool } from '../support/tool-harness.js'
import type { TestTool } from '../support/tool-harness.js'

const platform = (overrides: Record<string, unknown> = {}) => ({
  name: 'Canvas',
  issuer: 'https://canvas.instructure.com',
  clientId: '10000000000001',
  deploymentIds: '1:abc 2:def,3:ghi',
  authenticationRequestUrl: 'https://sso.canvaslms.com/api/lti/authorize_redirect',
  accessTokenUrl: 'https://sso.canvaslms.com/login/oauth2/token',
  jwksUrl: 'https://sso.canvaslms.com/api/lti/security/jwks',
  ...overrides,
})

describe.each(DIALECTS)('admin API on %s', (dialect) => {
  let tool: TestTool
  beforeAll(async () => {
    tool = await startTestTool(dialect)
  })
  afterAll(async () => tool?.close())

  it('creates a workspace and a scenario, and lists endpoint URLs by ID or slug', async () => {
    const ws = await tool.api('/workspaces', {
      method: 'POST',
      body: { name: 'Acme', slug: 'acme' },
    })
    expect(ws.status).toBe(201)
    expect(ws.body).toEqual({ id: expect.any(String), slug: 'acme', name: 'Acme' })
    const sc = await tool.api('/workspaces/acme/scenarios', {
      method: 'POST',
      body: { slug: 'cold-call', title: 'Cold call', description: 'Objections' },
    })
    expect(sc.status).toBe(201)
    expect(sc.body).toEqual({ id: expect.any(String), slug: 'cold-call', title: 'Cold call' })
    const bySlug = await tool.api('/workspaces/acme/lti/endpoints')
    const byId = await tool.api(`/workspaces/${ws.body.id}/lti/endpoints`)
    expect(bySlug.body).toEqual(byId.body)
    expect(bySlug.body.launchUrl).toBe(`${tool.server.url}/lti/${ws.body.id}/launch`)
    expect(Object.keys(bySlug.body).sort()).toEqual([
      'jwksUrl',
      'launchUrl',
      'oidcLoginUrl',
      'openidConfigurationUrl',
    ])
  })

  it('publishes the workspace key set with kid, alg and use, and rotates it', async () => {
    const { body: endpoints } = await tool.api('/workspaces/acme/lti/endpoints')
    const jwks = await (await fetch(endpoints.jwksUrl)).json()
    expect(jwks.keys).toHaveLength(2) // active + next: publish before sign
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) })
      expect(key.d).toBeUndefined()
    }
    const rotated = await tool.api('/workspaces/acme/keys/rotate', { method: 'POST' })
    expect(rotated.body.keys).toHaveLength(3) // retired key still published
    const config = await (await fetch(endpoints.openidConfigurationUrl)).json()
    expect(config.jwks_uri).toBe(endpoints.jwksUrl)
    expect(config.initiate_login_uri).toBe(endpoints.oidcLoginUrl)
  })

  it('connects, lists and removes an LMS; one connection per issuer and client ID', async () => {
    const created = await tool.api('/workspaces/acme/lti/platforms', {
      method: 'POST',
      body: platform(),
    })
    expect(created.status).toBe(201)
    expect(created.body.deploymentIds).toEqual(['1:abc', '2:def', '3:ghi'])
    const duplicate = await tool.api('/workspaces/acme/lti/platforms', {
      method: 'POST',
      body: platform(),
    })
    expect(duplicate.status).toBe(409)
    expect(duplicate.body.error.code).toBe('LTI_REGISTRATION_DUPLICATE')
    const list = await tool.api('/workspaces/acme/lti/platforms')
    expect(list.body).toEqual([
      expect.objectContaining({
        id: created.body.id,
        name: 'Canvas',
        issuer: 'https://canvas.instructure.com',
        clientId: '10000000000001',
        deploymentIds: ['1:abc', '2:def', '3:ghi'],
        connectedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    ])
    // Another workspace may connect the same issuer and client, with its own configuration.
    await tool.api('/workspaces', { method: 'POST', body: { name: 'Other', slug: 'other' } })
    const other = await tool.api('/workspaces/other/lti/platforms', {
      method: 'POST',
      body: platform(),
    })
    expect(other.status).toBe(201)
    expect(
      (await tool.api(`/workspaces/acme/lti/platforms/${created.body.id}`, { method: 'DELETE' }))
        .status,
    ).toBe(204)
    expect(
      (await tool.api(`/workspaces/acme/lti/platforms/${created.body.id}`, { method: 'DELETE' }))
        .status,
    ).toBe(404)
    expect((await tool.api('/workspaces/acme/lti/platforms')).body).toEqual([])
  })

  it('validates each field and says which one is wrong', async () => {
    const bad = await tool.api('/workspaces/acme/lti/platforms', {
      method: 'POST',
      body: platform({ jwksUrl: 'not a url', deploymentIds: ' , ', clientId: '' }),
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('LTI_REQUEST_INVALID')
    expect(Object.keys(bad.body.error.fields).sort()).toEqual([
      'clientId',
      'deploymentIds',
      'jwksUrl',
    ])
    const slug = await tool.api('/workspaces', {
      method: 'POST',
      body: { name: 'x', slug: 'Not A Slug' },
    })
    expect(slug.body.error.fields.slug).toBeDefined()
  })

  it('refuses duplicates of workspace and scenario slugs with 409', async () => {
    const ws = await tool.api('/workspaces', {
      method: 'POST',
      body: { name: 'Again', slug: 'acme' },
    })
    expect([ws.status, ws.body.error.code]).toEqual([409, 'LTI_WORKSPACE_DUPLICATE'])
    const sc = await tool.api('/workspaces/acme/scenarios', {
      method: 'POST',
      body: { slug: 'cold-call', title: 'x' },
    })
    expect([sc.status, sc.body.error.code]).toEqual([409, 'LTI_SCENARIO_DUPLICATE'])
  })

  it('answers 401 without the right token and changes nothing', async () => {
    for (const token of [null, 'wrong-token-wrong-token']) {
      const response = await tool.api('/workspaces', {
        method: 'POST',
        body: { name: 'Evil', slug: 'evil' },
        token,
      })
      expect(response.status).toBe(401)
      expect(response.body.error.code).toBe('LTI_AUTH_REQUIRED')
    }
    expect((await tool.api('/workspaces/evil')).status).toBe(404)
  })

  it('answers 400 to bad JSON and 413 to an oversized body, with codes', async () => {
    const bad = await tool.api('/workspaces', { method: 'POST', body: '{"name": ' })
    expect([bad.status, bad.body.error.code]).toEqual([400, 'LTI_BODY_MALFORMED'])
    const huge = await tool.api('/workspaces', {
      method: 'POST',
      body: { name: 'x'.repeat(100_000), slug: 'big' },
    })
    expect([huge.status, huge.body.error.code]).toEqual([413, 'LTI_BODY_TOO_LARGE'])
  })

  it('bounds a chunked body that declares no length, on the API and on the launch URL', async () => {
    const chunked = (size: number) =>
      new ReadableStream({
        start(controller) {
          for (let sent = 0; sent < size; sent += 16_384)
            controller.enqueue(new Uint8Array(16_384).fill(97))
          controller.close()
        },
      })
    const api = await fetch(`${tool.server.url}/api/workspaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: chunked(200_000),
      duplex: 'half',
    } as RequestInit)
    expect(api.status).toBe(413)
    const { body: endpoints } = await tool.api('/workspaces/acme/lti/endpoints')
    const launch = await fetch(endpoints.launchUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: chunked(400_000),
      duplex: 'half',
    } as RequestInit)
    expect(launch.status).toBe(413)
    expect((await launch.json()).error.code).toBe('LTI_BODY_TOO_LARGE')
  })

  it('answers unknown workspaces and routes with 404 codes and a correlation ID', async () => {
    const ws = await tool.api('/workspaces/nope/lti/platforms')
    expect([ws.status, ws.body.error.code]).toEqual([404, 'LTI_WORKSPACE_NOT_FOUND'])
    const route = await tool.api('/nothing-here')
    expect(route.status).toBe(404)
    expect(route.headers.get('x-correlation-id')).toBe(route.body.error.correlationId)
  })

  it('bounds the launch log query', async () => {
    const bad = await tool.api('/workspaces/acme/lti/launches?limit=100000')
    expect([bad.status, bad.body.error.code]).toEqual([400, 'LTI_REQUEST_INVALID'])
    expect((await tool.api('/workspaces/acme/lti/launches?limit=5')).body).toEqual([])
  })
})
