import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS, openTestDatabase } from '../../test/support/databases.js'
import type { TestDatabase } from '../../test/support/databases.js'
import type { RosterMember } from '../tool/ports.js'
import { launchRepository } from './launch-repository.js'
import { memberRepository } from './member-repository.js'
import { registrationRepository } from './registration-repository.js'
import { rosterRepository } from './roster-repository.js'
import type { RosterRepository } from './roster-repository.js'
import { workspaceRepository } from './workspace-repository.js'

const NOW = 1_790_000_000_000
const HOUR = 3_600_000
const ISSUER = 'https://lms.example'
const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'
const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'
const URL_1 = 'https://lms.example/api/lti/courses/1/names_and_roles'

const member = (userId: string, extra: Partial<RosterMember> = {}): RosterMember => ({
  userId,
  status: 'Active',
  roles: [LEARNER],
  ...extra,
})

for (const dialect of DIALECTS) {
  describe(`roster repository (${dialect})`, () => {
    let database: TestDatabase
    let rosters: RosterRepository
    let workspaceId: string
    let registrationId: string
    let otherRegistrationId: string

    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      const { db } = database
      rosters = rosterRepository(db)
      const workspace = await workspaceRepository(db).create({ name: 'One', slug: 'one' })
      if (workspace === 'duplicate') throw new Error('unexpected duplicate')
      workspaceId = workspace.id
      const registrations = registrationRepository(db)
      const create = (issuer: string) =>
        registrations.create(workspaceId, {
          name: 'LMS',
          issuer,
          clientId: 'client',
          deploymentIds: ['dep-1'],
          authenticationRequestUrl: `${issuer}/auth`,
          accessTokenUrl: `${issuer}/token`,
          jwksUrl: `${issuer}/jwks`,
        })
      const registration = await create(ISSUER)
      const other = await create('https://other-lms.example')
      if (registration === 'duplicate' || other === 'duplicate') throw new Error('duplicate')
      registrationId = registration.id
      otherRegistrationId = other.id
      // "ann" launched from course-1; "bob" launched only from another course.
      const members = memberRepository(db)
      const launches = launchRepository(db, undefined, { rewriteAfterMs: 0 })
      for (const [sub, contextId] of [
        ['ann', 'course-1'],
        ['bob', 'course-2'],
      ] as const) {
        const m = await members.provisionMember({
          workspaceId,
          issuer: ISSUER,
          sub,
          lmsRoles: [LEARNER],
          at: NOW,
        })
        await launches.recordLaunchContext({
          registrationId,
          deploymentId: 'dep-1',
          memberId: m.id,
          roles: [LEARNER],
          context: { id: contextId, title: `Course ${contextId}` },
          at: NOW + 5,
        })
      }
    })
    afterAll(() => database?.close())

    const claim = (now: number, contextId = 'course-1') =>
      rosters.claimRosterRefresh({
        registrationId,
        contextId,
        membershipsUrl: URL_1,
        now,
        staleBefore: now - 24 * HOUR,
        retryBefore: now - 5 * 60_000,
      })

    it('claims a roster it has never read once, and not again while the claim holds', async () => {
      expect(await claim(NOW)).toBe(true)
      expect(await claim(NOW + 1000)).toBe(false)
      // The retry window has passed and the roster was never synced: claimable again.
      expect(await claim(NOW + 6 * 60_000)).toBe(true)
    })

    it('of concurrent claims exactly one wins', async () => {
      const results = await Promise.all(Array.from({ length: 6 }, () => claim(NOW, 'course-9')))
      expect(results.filter(Boolean)).toHaveLength(1)
    })

    it('replaces members, flags who launched from this context, and holds a fresh roster', async () => {
      await rosters.replaceRosterMembers({
        registrationId,
        contextId: 'course-1',
        membershipsUrl: URL_1,
        members: [
          member('ann', { name: 'Ann A', email: 'ann@example.edu' }),
          member('bob', { status: 'Inactive' }),
          member('cy', { roles: [INSTRUCTOR] }),
        ],
        at: NOW + HOUR,
      })
      const [roster, ...others] = await rosters.findRosters(workspaceId, { contextId: 'course-1' })
      expect(others).toEqual([])
      expect(roster).toMatchObject({
        registrationId,
        contextId: 'course-1',
        contextTitle: 'Course course-1',
        membershipsUrl: URL_1,
        syncedAt: NOW + HOUR,
      })
      const byUser = Object.fromEntries(roster!.members.map((m) => [m.userId, m]))
      expect(byUser.ann).toMatchObject({
        name: 'Ann A',
        email: 'ann@example.edu',
        launched: true,
        lastLaunchAt: NOW + 5,
      })
      expect(byUser.ann?.memberId).toEqual(expect.any(String))
      // Known to the workspace, but never launched from course-1.
      expect(byUser.bob).toMatchObject({ status: 'Inactive', launched: false })
      expect(byUser.bob?.memberId).toEqual(expect.any(String))
      expect(byUser.cy).toEqual({
        userId: 'cy',
        status: 'Active',
        roles: [INSTRUCTOR],
        launched: false,
      })

      // Synced an hour ago: fresh for 24 hours, stale after.
      expect(await claim(NOW + 23 * HOUR)).toBe(false)
      expect(await claim(NOW + 26 * HOUR)).toBe(true)

      await rosters.replaceRosterMembers({
        registrationId,
        contextId: 'course-1',
        membershipsUrl: URL_1,
        members: [member('cy')],
        at: NOW + 26 * HOUR,
      })
      const [again] = await rosters.findRosters(workspaceId, { contextId: 'course-1' })
      expect(again?.members.map((m) => m.userId)).toEqual(['cy'])
    })

    it('records a failed sync and clears it with the next success', async () => {
      await rosters.recordRosterFailure({
        registrationId,
        contextId: 'course-1',
        errorCode: 'LTI_NRPS_REQUEST_FAILED',
        at: NOW + 30 * HOUR,
      })
      const [failed] = await rosters.findRosters(workspaceId, { contextId: 'course-1' })
      expect(failed).toMatchObject({
        lastErrorCode: 'LTI_NRPS_REQUEST_FAILED',
        lastAttemptAt: NOW + 30 * HOUR,
      })
      expect(failed?.members.map((m) => m.userId)).toEqual(['cy'])
      await rosters.replaceRosterMembers({
        registrationId,
        contextId: 'course-1',
        membershipsUrl: URL_1,
        members: [],
        at: NOW + 31 * HOUR,
      })
      const [ok] = await rosters.findRosters(workspaceId, { contextId: 'course-1' })
      expect(ok?.lastErrorCode).toBeUndefined()
      expect(ok?.members).toEqual([])
    })

    it('keeps the rosters of two platforms that share a context ID apart', async () => {
      await rosters.replaceRosterMembers({
        registrationId: otherRegistrationId,
        contextId: 'course-1',
        membershipsUrl: 'https://other-lms.example/nrps',
        // "ann" of the other LMS is a different person: she never launched from there.
        members: [member('ann')],
        at: NOW,
      })
      const both = await rosters.findRosters(workspaceId, { contextId: 'course-1' })
      expect(both.map((r) => r.registrationId).sort()).toEqual(
        [registrationId, otherRegistrationId].sort(),
      )
      const [other] = await rosters.findRosters(workspaceId, {
        contextId: 'course-1',
        registrationId: otherRegistrationId,
      })
      expect(other?.members).toEqual([
        { userId: 'ann', status: 'Active', roles: [LEARNER], launched: false },
      ])
      expect(await rosters.findRosters('another-workspace', { contextId: 'course-1' })).toEqual([])
    })

    it('lists every roster of the workspace without a context ID, at most `limit`', async () => {
      const all = await rosters.findRosters(workspaceId, {})
      expect(all.map((r) => `${r.registrationId} ${r.contextId}`).sort()).toEqual(
        [
          `${registrationId} course-1`,
          `${registrationId} course-9`,
          `${otherRegistrationId} course-1`,
        ].sort(),
      )
      const other = all.find((r) => r.registrationId === otherRegistrationId)
      expect(other?.members.map((m) => m.userId)).toEqual(['ann'])
      expect(await rosters.findRosters(workspaceId, { limit: 2 })).toHaveLength(2)
      expect(await rosters.findRosters('another-workspace', {})).toEqual([])
    })

    it('stores a large roster in chunks', async () => {
      const many = Array.from({ length: 1234 }, (_, i) => member(`u${String(i).padStart(5, '0')}`))
      await rosters.replaceRosterMembers({
        registrationId,
        contextId: 'course-big',
        membershipsUrl: URL_1,
        members: many,
        at: NOW,
      })
      const [big] = await rosters.findRosters(workspaceId, { contextId: 'course-big' })
      expect(big?.members).toHaveLength(1234)
    })
  })
}
