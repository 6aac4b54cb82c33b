/**
 * The platform's NRPS membership container over the SQL store: roster, privacy, role and rlid
 * filters, paging with `Link` headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MEDIA_TYPE, ROLE, SCOPE } from '../../src/core/claims.js'
import { findLink } from '../../src/core/lib/link-header.js'
import { DIALECTS } from '../support/databases.js'
import {
  AGS_ALL,
  SERVICE_PUBLIC_URL,
  startServiceFixture,
} from '../support/platform-service-fixture.js'
import type { ServiceFixture, ServiceWorld } from '../support/platform-service-fixture.js'

interface Member {
  user_id: string
  roles: string[]
  status: string
  [claim: string]: unknown
}

for (const dialect of DIALECTS) {
  describe(`NRPS membership container (${dialect})`, () => {
    let f: ServiceFixture
    let w: ServiceWorld
    let auth = ''

    beforeAll(async () => {
      f = await startServiceFixture(dialect)
      w = f.world
      auth = await f.token([SCOPE.nrpsMembershipReadonly])
    })
    afterAll(async () => {
      await f?.close()
    })

    const members = async (query = '', token = auth) => {
      const accept = MEDIA_TYPE.membershipContainer
      const res = await f.call(`/${w.a}/memberships${query}`, token, { accept })
      return { res, body: await res.json() }
    }
    const userIds = async (query: string) =>
      (await members(query)).body.members.map((m: Member) => m.user_id).sort()

    it('lists the roster with names and email when the tool may see them', async () => {
      const { res, body } = await members()
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe(MEDIA_TYPE.membershipContainer)
      expect(res.headers.get('link')).toBeNull()
      expect(body.id).toBe(`${SERVICE_PUBLIC_URL}/lti/contexts/${w.a}/memberships`)
      expect(body.context).toEqual({ id: w.a, label: 'Cou', title: 'Course A' })
      expect(body.members).toHaveLength(5)
      const byId = (id: string) => body.members.find((m: Member) => m.user_id === id)
      expect(byId(w.Ada)).toEqual({
        status: 'Active',
        user_id: w.Ada,
        roles: [ROLE.learner],
        name: 'Ada Lovelace',
        given_name: 'Ada',
        family_name: 'Lovelace',
        email: 'ada@example.edu',
      })
      expect(byId(w.Grace).status).toBe('Inactive')
      expect(byId(w.Tess).roles).toEqual([ROLE.teachingAssistant, ROLE.instructor])
    })

    it('withholds personal data from a tool whose privacy settings forbid it', async () => {
      const token = await f.token([SCOPE.nrpsMembershipReadonly], f.privateTool)
      const { body } = await members('', token)
      expect(body.members).toHaveLength(5)
      for (const member of body.members) {
        expect(Object.keys(member).sort()).toEqual(['roles', 'status', 'user_id'])
      }
    })

    it('filters by role, short name or URI, counting a TeachingAssistant as Instructor', async () => {
      expect(await userIds('?role=Learner')).toEqual([w.Ada, w.Alan, w.Grace].sort())
      const instructor = encodeURIComponent(ROLE.instructor)
      expect(await userIds(`?role=${instructor}`)).toEqual([w.Tim, w.Tess].sort())
      const ta = encodeURIComponent(ROLE.teachingAssistant)
      expect(await userIds(`?role=${ta}`)).toEqual([w.Tess])
      expect(await userIds('?role=Mentor')).toEqual([])
      const bad = await members('?role=not%20a%20role')
      expect([bad.res.status, bad.body.error.code]).toEqual([400, 'LTI_REQUEST_INVALID'])
    })

    it('pages with limit and Link rel="next", also under a role filter', async () => {
      for (const [query, expected] of [
        ['?limit=2', 5],
        ['?role=Instructor&limit=1', 2],
        ['?role=Learner&limit=2', 3],
      ] as const) {
        const seen: string[] = []
        let next: string | undefined =
          `${SERVICE_PUBLIC_URL}/lti/contexts/${w.a}/memberships${query}`
        while (next) {
          const res = await f.call(next, auth)
          const body = await res.json()
          expect(body.id).toBe(next)
          expect(body.members.length).toBeGreaterThan(0)
          seen.push(...body.members.map((m: Member) => m.user_id))
          next = findLink(res.headers.get('link'), 'next')
        }
        expect([query, seen.length, new Set(seen).size]).toEqual([query, expected, expected])
      }
    })

    it('takes the rlid of a link of this tool, refuses one it does not have here', async () => {
      const withLink = await members(`?rlid=${w.rlA}`)
      expect(withLink.body.members).toHaveLength(5)
      expect(withLink.body.id).toBe(
        `${SERVICE_PUBLIC_URL}/lti/contexts/${w.a}/memberships?rlid=${w.rlA}`,
      )
      const elsewhere = await members(`?rlid=${w.rlB}`)
      expect([elsewhere.res.status, elsewhere.body.error.code]).toEqual([
        404,
        'LTI_RESOURCE_LINK_NOT_FOUND',
      ])
    })

    it('refuses contexts the tool is not placed in, tools without NRPS, and AGS tokens', async () => {
      const res = await f.call(`/${w.c}/memberships`, auth)
      expect([res.status, (await res.json()).error.code]).toEqual([404, 'LTI_CONTEXT_NOT_FOUND'])
      const noNrps = await f.createTool(true, { ags: AGS_ALL, nrps: false, deepLinking: false })
      await f.stores.links.createLink({
        contextId: w.a,
        toolId: noNrps.id,
        title: 'Activity',
        customParameters: {},
      })
      const refused = await members('', await f.token([SCOPE.nrpsMembershipReadonly], noNrps))
      expect([refused.res.status, refused.body.error.code]).toEqual([
        403,
        'LTI_SERVICE_NOT_ENABLED',
      ])
      const agsOnly = await members('', await f.token(AGS_ALL))
      expect([agsOnly.res.status, agsOnly.body.error.code]).toEqual([403, 'LTI_SCOPE_INSUFFICIENT'])
      const missing = await members('', '')
      expect([missing.res.status, missing.body.error.code]).toEqual([
        401,
        'LTI_ACCESS_TOKEN_MISSING',
      ])
    })
  })
}
