import { describe, expect, it } from 'vitest'
import type { Registration } from '../../core/ports.js'
import type { ToolAppDeps } from '../tool-deps.js'
import { frameAncestorsOf } from './learner-page-headers.js'

const registration = {
  id: 'reg-1',
  issuer: 'https://canvas.instructure.com',
  authenticationRequestUrl: 'https://sso.canvaslms.com/api/lti/authorize_redirect',
} as Registration

function deps(dev: boolean) {
  const stores = {
    registrations: {
      findById: async (ws: string, id: string) =>
        ws === 'ws-1' && id === registration.id ? registration : undefined,
    },
    attempts: {
      find: async (ws: string, id: string) =>
        ws === 'ws-1' && id === 'attempt-1' ? { registrationId: registration.id } : undefined,
    },
  }
  return { dev, stores } as unknown as Pick<ToolAppDeps, 'stores' | 'dev'>
}

const session = { memberId: 'm1', workspaceId: 'ws-1', correlationId: 'c1' }

describe('frameAncestorsOf', () => {
  it("lists the launching LMS's issuer and authentication origins", async () => {
    expect(await frameAncestorsOf(deps(false), { ...session, registrationId: 'reg-1' })).toEqual([
      'https://canvas.instructure.com',
      'https://sso.canvaslms.com',
    ])
  })

  it("finds the LMS through the session's attempt when the session does not name it", async () => {
    expect(await frameAncestorsOf(deps(false), { ...session, attemptId: 'attempt-1' })).toEqual([
      'https://canvas.instructure.com',
      'https://sso.canvaslms.com',
    ])
  })

  it('allows no other site without a known LMS, and loopback LMSes in dev mode', async () => {
    expect(await frameAncestorsOf(deps(false), session)).toEqual([])
    expect(await frameAncestorsOf(deps(false), { ...session, registrationId: 'gone' })).toEqual([])
    expect(await frameAncestorsOf(deps(true), session)).toEqual([
      'http://localhost:*',
      'http://127.0.0.1:*',
    ])
  })

  it('skips an issuer that is not an http(s) URL', async () => {
    const odd = { ...registration, issuer: 'urn:example:lms' }
    const d = deps(false) as unknown as { stores: { registrations: { findById: unknown } } }
    d.stores.registrations.findById = async () => odd
    expect(
      await frameAncestorsOf(d as unknown as Pick<ToolAppDeps, 'stores' | 'dev'>, {
        ...session,
        registrationId: 'reg-1',
      }),
    ).toEqual(['https://sso.canvaslms.com'])
  })
})
