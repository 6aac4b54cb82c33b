import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countQueries, DIALECTS, openTestDatabase } from '../../test/support/databases.js'
import type { TestDatabase } from '../../test/support/databases.js'
import type { LaunchContextInput, LaunchLogEntry } from '../tool/ports.js'
import { launchRepository } from './launch-repository.js'
import type { LaunchRepository } from './launch-repository.js'
import { memberRepository } from './member-repository.js'
import { registrationRepository } from './registration-repository.js'
import { workspaceRepository } from './workspace-repository.js'

const NOW = 1_790_000_000_000
const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'
const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'
const COURSE = 'http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'
const AGS = {
  scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
  lineitem: 'https://lms.example/api/lti/courses/1/line_items/7',
}
const NRPS = {
  context_memberships_url: 'https://lms.example/api/lti/courses/1/names_and_roles',
  service_versions: ['2.0'],
}

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    let launches: LaunchRepository
    let workspaceId: string
    let registrationId: string
    let memberId: string
    let otherMemberId: string
    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      const { db } = database
      launches = launchRepository(db)
      const workspace = await workspaceRepository(db).create({ name: 'One', slug: 'one' })
      if (workspace === 'duplicate') throw new Error('unexpected duplicate')
      workspaceId = workspace.id
      const registration = await registrationRepository(db).create(workspaceId, {
        name: 'LMS',
        issuer: 'https://lms.example',
        clientId: 'client',
        deploymentIds: ['dep-1'],
        authenticationRequestUrl: 'https://lms.example/auth',
        accessTokenUrl: 'https://lms.example/token',
        jwksUrl: 'https://lms.example/jwks',
      })
      if (registration === 'duplicate') throw new Error('unexpected duplicate')
      registrationId = registration.id
      const provision = (sub: string) =>
        memberRepository(db).provisionMember({
          workspaceId,
          issuer: 'https://lms.example',
          sub,
          lmsRoles: [LEARNER],
          at: NOW,
        })
      memberId = (await provision('learner')).id
      otherMemberId = (await provision('teacher')).id
    })
    afterAll(() => database?.close())

    const contextInput = (overrides: Partial<LaunchContextInput> = {}): LaunchContextInput => ({
      registrationId,
      deploymentId: 'dep-1',
      memberId,
      roles: [LEARNER],
      context: { id: 'course-1', label: 'NEG101', title: 'Negotiation', type: [COURSE] },
      resourceLink: { id: 'link-1', title: 'Week 1', description: 'First week' },
      scenarioId: 'scenario-1',
      agsEndpoint: AGS,
      nrpsService: NRPS,
      at: NOW,
      ...overrides,
    })

    const contextRows = (contextId: string) =>
      database.db
        .selectFrom('lti_contexts')
        .selectAll()
        .where('registration_id', '=', registrationId)
        .where('context_id', '=', contextId)
        .execute()
    const linkRows = (linkId: string) =>
      database.db
        .selectFrom('resource_links')
        .selectAll()
        .where('registration_id', '=', registrationId)
        .where('resource_link_id', '=', linkId)
        .execute()
    const enrollmentRows = (contextRef: string) =>
      database.db
        .selectFrom('enrollments')
        .selectAll()
        .where('context_ref', '=', contextRef)
        .orderBy('last_launch_at')
        .execute()

    describe('recordLaunchContext', () => {
      it('records context, resource link and enrollment in three statements', async () => {
        const counter = countQueries(database.db)
        await launchRepository(counter.db).recordLaunchContext(contextInput())
        expect(counter.count()).toBe(3)
        const [context] = await contextRows('course-1')
        expect(context).toEqual({
          id: expect.any(String),
          registration_id: registrationId,
          deployment_id: 'dep-1',
          context_id: 'course-1',
          label: 'NEG101',
          title: 'Negotiation',
          types: JSON.stringify([COURSE]),
          updated_at: NOW,
        })
        expect(await linkRows('link-1')).toEqual([
          {
            id: expect.any(String),
            registration_id: registrationId,
            deployment_id: 'dep-1',
            resource_link_id: 'link-1',
            context_ref: context!.id,
            title: 'Week 1',
            description: 'First week',
            scenario_id: 'scenario-1',
            ags_endpoint: JSON.stringify(AGS),
            nrps_service: JSON.stringify(NRPS),
            updated_at: NOW,
          },
        ])
        expect(await enrollmentRows(context!.id)).toEqual([
          {
            member_id: memberId,
            context_ref: context!.id,
            roles: JSON.stringify([LEARNER]),
            last_launch_at: NOW,
          },
        ])
      })

      it('updates the same rows on a later launch, keeping IDs and the scenario', async () => {
        await launches.recordLaunchContext(
          contextInput({ context: { id: 'course-2' }, resourceLink: { id: 'link-2' } }),
        )
        const [before] = await contextRows('course-2')
        const [linkBefore] = await linkRows('link-2')
        await launches.recordLaunchContext(
          contextInput({
            deploymentId: 'dep-2',
            roles: [INSTRUCTOR],
            context: { id: 'course-2', title: 'Renamed' },
            resourceLink: { id: 'link-2', title: 'Week 2' },
            scenarioId: undefined,
            agsEndpoint: undefined,
            at: NOW + 100,
          }),
        )
        await launches.recordLaunchContext(
          contextInput({
            memberId: otherMemberId,
            context: { id: 'course-2', title: 'Renamed' },
            resourceLink: { id: 'link-2', title: 'Week 2' },
            at: NOW + 200,
          }),
        )
        const contexts = await contextRows('course-2')
        expect(contexts).toEqual([
          expect.objectContaining({
            id: before!.id,
            title: 'Renamed',
            label: null,
            types: null,
            updated_at: NOW + 200,
          }),
        ])
        expect(await linkRows('link-2')).toEqual([
          expect.objectContaining({
            id: linkBefore!.id,
            title: 'Week 2',
            description: null,
            scenario_id: 'scenario-1',
            ags_endpoint: JSON.stringify(AGS),
          }),
        ])
        expect(
          (await enrollmentRows(before!.id)).map((e) => [
            e.member_id,
            JSON.parse(e.roles),
            e.last_launch_at,
          ]),
        ).toEqual([
          [memberId, [INSTRUCTOR], NOW + 100],
          [otherMemberId, [LEARNER], NOW + 200],
        ])
      })

      it('records a resource link without a context, and no enrollment', async () => {
        const counter = countQueries(database.db)
        await launchRepository(counter.db).recordLaunchContext(
          contextInput({ context: undefined, resourceLink: { id: 'link-no-context' } }),
        )
        expect(counter.count()).toBe(1)
        expect(await linkRows('link-no-context')).toEqual([
          expect.objectContaining({ context_ref: null, title: null }),
        ])
      })

      it('records a context without a resource link', async () => {
        await launches.recordLaunchContext(
          contextInput({ context: { id: 'course-only' }, resourceLink: undefined }),
        )
        const [context] = await contextRows('course-only')
        expect(await enrollmentRows(context!.id)).toHaveLength(1)
      })
    })

    describe('recordLaunchContext skips unchanged writes', () => {
      let t = NOW
      const clock = { now: () => t }
      const counted = (options = {}) => {
        const counter = countQueries(database.db)
        return { counter, repository: launchRepository(counter.db, clock, options) }
      }
      // Counts the statements of one call.
      const statements = async (
        counter: { count(): number },
        call: () => Promise<void>,
      ): Promise<number> => {
        const before = counter.count()
        await call()
        return counter.count() - before
      }

      it('writes nothing for a repeated launch within 60 s, then everything again', async () => {
        const { counter, repository } = counted()
        const launch = contextInput({ context: { id: 'skip-1' }, resourceLink: { id: 'skip-1' } })
        expect(await statements(counter, () => repository.recordLaunchContext(launch))).toBe(3)
        t += 59_999
        const again = { ...launch, at: NOW + 59_999 }
        expect(await statements(counter, () => repository.recordLaunchContext(again))).toBe(0)
        // last_launch_at lags by up to the window: the documented cost of the skip.
        const [context] = await contextRows('skip-1')
        expect((await enrollmentRows(context!.id))[0]!.last_launch_at).toBe(NOW)
        t += 1
        const later = { ...launch, at: NOW + 60_000 }
        expect(await statements(counter, () => repository.recordLaunchContext(later))).toBe(3)
        expect((await enrollmentRows(context!.id))[0]!.last_launch_at).toBe(NOW + 60_000)
      })

      it('writes a changed title, scenario, claim or roles at once, and only that row', async () => {
        const { counter, repository } = counted()
        const base = contextInput({
          context: { id: 'skip-2', title: 'Course' },
          resourceLink: { id: 'skip-2', title: 'Link' },
        })
        await repository.recordLaunchContext(base)
        const record = (overrides: Partial<LaunchContextInput>) =>
          statements(counter, () => repository.recordLaunchContext({ ...base, ...overrides }))
        expect(await record({ context: { id: 'skip-2', title: 'Renamed' } })).toBe(1)
        expect((await contextRows('skip-2'))[0]!.title).toBe('Renamed')
        expect(
          await record({
            context: { id: 'skip-2', title: 'Renamed' },
            resourceLink: { id: 'skip-2', title: 'Link 2' },
          }),
        ).toBe(1)
        expect((await linkRows('skip-2'))[0]!.title).toBe('Link 2')
        const renamed = {
          context: { id: 'skip-2', title: 'Renamed' },
          resourceLink: { id: 'skip-2', title: 'Link 2' },
        }
        expect(await record({ ...renamed, scenarioId: 'scenario-2' })).toBe(1)
        expect((await linkRows('skip-2'))[0]!.scenario_id).toBe('scenario-2')
        expect(
          await record({ ...renamed, scenarioId: 'scenario-2', agsEndpoint: { ...AGS, x: 1 } }),
        ).toBe(1)
        expect(
          await record({
            ...renamed,
            scenarioId: 'scenario-2',
            agsEndpoint: { ...AGS, x: 1 },
            roles: [INSTRUCTOR],
          }),
        ).toBe(1)
        const [context] = await contextRows('skip-2')
        expect(JSON.parse((await enrollmentRows(context!.id))[0]!.roles)).toEqual([INSTRUCTOR])
      })

      it("writes only a new member's enrollment into a recorded context", async () => {
        const { counter, repository } = counted()
        const launch = contextInput({ context: { id: 'skip-3' }, resourceLink: { id: 'skip-3' } })
        await repository.recordLaunchContext(launch)
        expect(
          await statements(counter, () =>
            repository.recordLaunchContext({ ...launch, memberId: otherMemberId }),
          ),
        ).toBe(1)
        const [context] = await contextRows('skip-3')
        expect((await enrollmentRows(context!.id)).map((e) => e.member_id).sort()).toEqual(
          [memberId, otherMemberId].sort(),
        )
      })

      it('writes the context again after a remembered one was deleted behind its back', async () => {
        const { repository } = counted()
        const launch = contextInput({ context: { id: 'skip-4' }, resourceLink: { id: 'skip-4' } })
        await repository.recordLaunchContext(launch)
        await database.db.deleteFrom('lti_contexts').where('context_id', '=', 'skip-4').execute()
        // The remembered context ID is gone: the enrollment's foreign key fails once.
        const other = { ...launch, memberId: otherMemberId }
        await expect(repository.recordLaunchContext(other)).rejects.toThrow()
        await repository.recordLaunchContext(other)
        const [context] = await contextRows('skip-4')
        expect((await linkRows('skip-4'))[0]!.context_ref).toBe(context!.id)
        expect((await enrollmentRows(context!.id)).map((e) => e.member_id)).toEqual([otherMemberId])
      })

      it('writes every launch with rewriteAfterMs 0', async () => {
        const { counter, repository } = counted({ rewriteAfterMs: 0 })
        const launch = contextInput({ context: { id: 'skip-5' }, resourceLink: { id: 'skip-5' } })
        await repository.recordLaunchContext(launch)
        expect(await statements(counter, () => repository.recordLaunchContext(launch))).toBe(3)
      })
    })

    describe('launch log', () => {
      const entry = (overrides: Partial<LaunchLogEntry> = {}): LaunchLogEntry => ({
        correlationId: randomUUID(),
        workspaceId,
        at: NOW,
        outcome: 'success',
        ...overrides,
      })

      it('appends an entry in one statement and reads it back with claims parsed', async () => {
        const full = entry({
          issuer: 'https://lms.example',
          clientId: 'client',
          deploymentId: 'dep-1',
          messageType: 'LtiResourceLinkRequest',
          memberId,
          scenarioId: 'scenario-1',
          claims: { sub: 'learner', 'https://purl.imsglobal.org/spec/lti/claim/roles': [LEARNER] },
        })
        const counter = countQueries(database.db)
        await launchRepository(counter.db).appendLaunchLog(full)
        expect(counter.count()).toBe(1)
        expect(await launches.findLaunch(workspaceId, full.correlationId)).toEqual({
          id: expect.any(String),
          ...full,
        })
      })

      it('omits the fields a failure did not have', async () => {
        const failure = entry({
          outcome: 'failure',
          errorCode: 'LTI_NONCE_REPLAYED',
          message: 'nonce already used',
        })
        await launches.appendLaunchLog(failure)
        const found = await launches.findLaunch(workspaceId, failure.correlationId)
        expect(found).toEqual({ id: expect.any(String), ...failure })
        expect(found).not.toHaveProperty('claims')
        expect(found).not.toHaveProperty('memberId')
      })

      it('finds the newest entry of a correlation ID, in this workspace only', async () => {
        const correlationId = randomUUID()
        await launches.appendLaunchLog(entry({ correlationId, at: NOW + 1, outcome: 'failure' }))
        await launches.appendLaunchLog(entry({ correlationId, at: NOW + 2 }))
        expect(await launches.findLaunch(workspaceId, correlationId)).toMatchObject({
          at: NOW + 2,
          outcome: 'success',
        })
        expect(await launches.findLaunch('other-workspace', correlationId)).toBeUndefined()
        expect(await launches.findLaunch(workspaceId, 'missing')).toBeUndefined()
        expect(await launches.listLaunches(workspaceId, { correlationId })).toEqual([
          expect.objectContaining({ at: NOW + 2 }),
          expect.objectContaining({ at: NOW + 1 }),
        ])
      })

      it('keeps entries without a workspace out of workspace lists', async () => {
        const orphan = entry({ workspaceId: undefined, outcome: 'failure' })
        await launches.appendLaunchLog(orphan)
        expect(await launches.findLaunch(workspaceId, orphan.correlationId)).toBeUndefined()
        const rows = await database.db
          .selectFrom('launch_log')
          .select('workspace_id')
          .where('correlation_id', '=', orphan.correlationId)
          .execute()
        expect(rows).toEqual([{ workspace_id: null }])
      })

      it('lists newest first, 50 by default and at most 500', async () => {
        const busy = `busy-${dialect}`
        await database.db
          .insertInto('launch_log')
          .values(
            Array.from({ length: 510 }, (_, i) => ({
              id: randomUUID(),
              workspace_id: busy,
              correlation_id: `c-${i}`,
              at: NOW + i,
              outcome: 'success' as const,
            })),
          )
          .execute()
        const latest = await launches.listLaunches(busy)
        expect(latest).toHaveLength(50)
        expect(latest[0]).toMatchObject({ correlationId: 'c-509', at: NOW + 509 })
        expect(latest.map((l) => l.at)).toEqual([...latest.map((l) => l.at)].sort((a, b) => b - a))
        expect(await launches.listLaunches(busy, { limit: 10_000 })).toHaveLength(500)
        expect(await launches.listLaunches(busy, { limit: 3 })).toHaveLength(3)
        expect(await launches.listLaunches(busy, { limit: 0 })).toHaveLength(1)
        expect(await launches.listLaunches('empty')).toEqual([])
      })

      it('pages to older entries by key, keeping entries of one millisecond together', async () => {
        const paged = `paged-${dialect}`
        // Five entries in two milliseconds: a page break inside one millisecond loses none.
        await database.db
          .insertInto('launch_log')
          .values(
            [1, 1, 1, 2, 2].map((ms, i) => ({
              id: randomUUID(),
              workspace_id: paged,
              correlation_id: `p-${i}`,
              at: NOW + ms,
              outcome: 'success' as const,
            })),
          )
          .execute()
        const all = await launches.listLaunches(paged)
        const seen: string[] = []
        let before: { at: number; id: string } | undefined
        for (let page = 0; page < 5; page++) {
          const rows = await launches.listLaunches(paged, { limit: 2, ...(before && { before }) })
          if (rows.length === 0) break
          seen.push(...rows.map((r) => r.id))
          const last = rows.at(-1) as { at: number; id: string }
          before = { at: last.at, id: last.id }
        }
        expect(seen).toEqual(all.map((r) => r.id))
        expect(new Set(seen).size).toBe(5)
      })
    })

    describe('recordLaunch', () => {
      const success = (correlationId: string): LaunchLogEntry => ({
        correlationId,
        workspaceId,
        at: NOW,
        outcome: 'success',
        memberId,
      })
      it('writes the enrollment and the log entry together, in one statement on PostgreSQL', async () => {
        const correlationId = randomUUID()
        const counter = countQueries(database.db)
        const repository = launchRepository(counter.db)
        const input = contextInput({
          context: { id: 'rl-ctx-1' },
          resourceLink: { id: 'rl-link-1' },
        })
        await repository.recordLaunchContext({ ...input, memberId: otherMemberId })
        const before = counter.count()
        await repository.recordLaunch(input, success(correlationId))
        // PostgreSQL: one CTE; SQLite: the two statements in a transaction (in-process).
        expect(counter.count() - before).toBe(dialect === 'postgres' ? 1 : 2)
        const [context] = await contextRows('rl-ctx-1')
        expect(await enrollmentRows(context!.id)).toHaveLength(2)
        expect(await launches.findLaunch(workspaceId, correlationId)).toMatchObject({
          outcome: 'success',
          memberId,
        })
      })

      it('writes the log entry alone when the enrollment is unchanged or there is no context', async () => {
        const counter = countQueries(database.db)
        const repository = launchRepository(counter.db)
        const input = contextInput({
          context: { id: 'rl-ctx-2' },
          resourceLink: { id: 'rl-link-2' },
        })
        await repository.recordLaunch(input, success(randomUUID()))
        const repeat = randomUUID()
        let before = counter.count()
        await repository.recordLaunch(input, success(repeat))
        expect(counter.count() - before).toBe(1)
        expect(await launches.findLaunch(workspaceId, repeat)).toBeDefined()
        const bare = randomUUID()
        before = counter.count()
        await repository.recordLaunch(
          contextInput({ context: undefined, resourceLink: undefined }),
          success(bare),
        )
        expect(counter.count() - before).toBe(1)
        expect(await launches.findLaunch(workspaceId, bare)).toBeDefined()
      })

      it('writes neither when the statement fails', async () => {
        const correlationId = randomUUID()
        const input = contextInput({
          memberId: 'no-such-member',
          context: { id: 'rl-ctx-3' },
          resourceLink: { id: 'rl-link-3' },
        })
        await expect(launches.recordLaunch(input, success(correlationId))).rejects.toThrow()
        expect(await launches.findLaunch(workspaceId, correlationId)).toBeUndefined()
      })
    })
  })
}
