import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS, openTestDatabase } from '../../../test/support/databases.js'
import type { TestDatabase } from '../../../test/support/databases.js'
import type { ContextStore, GradingScale, User, UserStore } from '../../platform/ports.js'
import { contextRepository } from './context-repository.js'
import { userRepository } from './user-repository.js'

const NOW = 1_790_000_000_000

const LETTERS: GradingScale = {
  type: 'letter',
  bands: [
    { letter: 'A', minPercent: 90 },
    { letter: 'B+', minPercent: 87.5 },
    { letter: 'F', minPercent: 0 },
  ],
}

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let database: TestDatabase
    let contexts: ContextStore
    let users: UserStore
    let now = NOW
    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      const clock = { now: () => now }
      contexts = contextRepository(database.db, clock, database.dialect)
      users = userRepository(database.db, clock)
    })
    afterAll(() => database?.close())

    let serial = 0
    const user = async (name: string): Promise<User> => {
      serial += 1
      const created = await users.createUser({
        email: `${name}-${serial}@example.edu`,
        name,
        passwordHash: 'h',
      })
      return created!
    }

    it('stores contexts with their grading scale exactly', async () => {
      const context = await contexts.createContext({
        title: 'Analytical Engines',
        label: 'AE101',
        gradingScale: LETTERS,
      })
      expect(context).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        title: 'Analytical Engines',
        label: 'AE101',
        gradingScale: LETTERS,
        createdAt: NOW,
      })
      expect(await contexts.findContext(context.id)).toEqual(context)
      const plain = await contexts.createContext({
        title: 'No label',
        gradingScale: { type: 'points' },
      })
      expect(await contexts.findContext(plain.id)).not.toHaveProperty('label')
      expect(await contexts.findContext('00000000-0000-0000-0000-000000000000')).toBeUndefined()
    })

    it('lists contexts in creation order', async () => {
      const fresh = await openTestDatabase(dialect)
      try {
        const repository = contextRepository(fresh.db, { now: () => now }, fresh.dialect)
        now = NOW + 5
        const later = await repository.createContext({ title: 'later', gradingScale: LETTERS })
        now = NOW + 1
        const earlier = await repository.createContext({
          title: 'earlier',
          gradingScale: { type: 'percentage' },
        })
        expect(await repository.listContexts()).toEqual([earlier, later])
      } finally {
        now = NOW
        await fresh.close()
      }
    })

    it('upserts an enrollment: roles and status change, the first date stays', async () => {
      const context = await contexts.createContext({ title: 'C', gradingScale: LETTERS })
      const ada = await user('ada')
      const first = await contexts.enroll({
        contextId: context.id,
        userId: ada.id,
        roles: ['Learner'],
        status: 'Active',
      })
      expect(first).toEqual({
        contextId: context.id,
        userId: ada.id,
        roles: ['Learner'],
        status: 'Active',
        createdAt: NOW,
      })
      now = NOW + 1_000
      const second = await contexts.enroll({
        contextId: context.id,
        userId: ada.id,
        roles: ['Instructor', 'Mentor'],
        status: 'Inactive',
      })
      now = NOW
      expect(second).toEqual({ ...first, roles: ['Instructor', 'Mentor'], status: 'Inactive' })
      expect(await contexts.findEnrollment(context.id, ada.id)).toEqual(second)
      expect(await contexts.findEnrollment(context.id, 'someone-else')).toBeUndefined()
    })

    it('lists the contexts a user is enrolled in, with the enrollment', async () => {
      const ada = await user('ada')
      const other = await user('other')
      now = NOW + 1
      const a = await contexts.createContext({ title: 'A', gradingScale: LETTERS })
      now = NOW + 2
      const b = await contexts.createContext({ title: 'B', label: 'b', gradingScale: LETTERS })
      now = NOW
      const inB = await contexts.enroll({
        contextId: b.id,
        userId: ada.id,
        roles: ['TeachingAssistant'],
        status: 'Active',
      })
      const inA = await contexts.enroll({
        contextId: a.id,
        userId: ada.id,
        roles: ['Learner'],
        status: 'Inactive',
      })
      await contexts.enroll({
        contextId: a.id,
        userId: other.id,
        roles: ['Learner'],
        status: 'Active',
      })
      expect(await contexts.listEnrollmentsOfUser(ada.id)).toEqual([
        { context: a, enrollment: inA },
        { context: b, enrollment: inB },
      ])
      expect(await contexts.listEnrollmentsOfUser('nobody')).toEqual([])
    })

    it('pages the roster in user ID order and filters on one role', async () => {
      const context = await contexts.createContext({ title: 'Roster', gradingScale: LETTERS })
      const roles = [
        ['Learner'],
        ['Instructor'],
        ['Learner', 'Mentor'],
        ['TeachingAssistant'],
        ['Learner'],
        ['ContentDeveloper', 'Administrator'],
      ] as const
      const enrolled = []
      for (const [i, memberRoles] of roles.entries()) {
        const member = await user(`member${i}`)
        const enrollment = await contexts.enroll({
          contextId: context.id,
          userId: member.id,
          roles: memberRoles,
          status: i === 4 ? 'Inactive' : 'Active',
        })
        enrolled.push({ ...enrollment, user: member })
      }
      // Someone in another context is no member here.
      const elsewhere = await contexts.createContext({ title: 'Elsewhere', gradingScale: LETTERS })
      await contexts.enroll({
        contextId: elsewhere.id,
        userId: (await user('outsider')).id,
        roles: ['Learner'],
        status: 'Active',
      })

      const byUserId = [...enrolled].sort((a, b) => (a.userId < b.userId ? -1 : 1))
      const all = await contexts.listMembers(context.id, { limit: 100, offset: 0 })
      expect(all).toEqual(byUserId)
      const pages = [0, 2, 4].map((offset) =>
        contexts.listMembers(context.id, { limit: 2, offset }),
      )
      expect((await Promise.all(pages)).flat()).toEqual(byUserId)
      expect(await contexts.listMembers(context.id, { limit: 2, offset: 6 })).toEqual([])

      const learners = await contexts.listMembers(context.id, {
        limit: 100,
        offset: 0,
        role: 'Learner',
      })
      expect(learners).toEqual(byUserId.filter((m) => m.roles.includes('Learner')))
      expect(learners).toHaveLength(3)
      const administrators = await contexts.listMembers(context.id, {
        limit: 100,
        offset: 0,
        role: 'Administrator',
      })
      expect(administrators.map((m) => m.roles)).toEqual([['ContentDeveloper', 'Administrator']])
      const secondLearner = await contexts.listMembers(context.id, {
        limit: 1,
        offset: 1,
        role: 'Learner',
      })
      expect(secondLearner).toEqual([learners[1]])
      // Role names are exact: a differently cased name matches nothing on either dialect.
      const lowerCase = { limit: 100, offset: 0, role: 'learner' as 'Learner' }
      expect(await contexts.listMembers(context.id, lowerCase)).toEqual([])
    })

    it('refuses a role filter that is no short role name', async () => {
      const context = await contexts.createContext({ title: 'R', gradingScale: LETTERS })
      const page = { limit: 10, offset: 0, role: '%' as 'Learner' }
      await expect(contexts.listMembers(context.id, page)).rejects.toMatchObject({
        code: 'ERR_INVALID_ARG_VALUE',
      })
    })
  })
}
