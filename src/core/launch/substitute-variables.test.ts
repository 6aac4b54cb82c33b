import { describe, expect, it } from 'vitest'
import { SUBSTITUTION_VARIABLES, substituteVariables } from './substitute-variables.js'
import type { SubstitutionValues } from './substitute-variables.js'

const SPEC = 'https://www.imsglobal.org/spec/lti/v1p3/#customproperty'

const ALL: Required<SubstitutionValues> = {
  userId: 'user-42',
  username: 'ghopper',
  userImage: 'https://lms.example/avatars/42.png',
  personSourcedId: 'sis-person-42',
  givenName: 'Grace',
  familyName: 'Hopper',
  middleName: 'Brewster',
  fullName: 'Grace Brewster Hopper',
  email: 'grace.hopper@example.edu',
  contextId: 'ctx-1',
  contextTitle: 'Compilers 101',
  contextLabel: 'CS101',
  resourceLinkId: 'rl-1',
  resourceLinkTitle: 'Week 1 quiz',
  resourceLinkDescription: 'The first quiz',
  courseOfferingSourcedId: 'sis-offering-1',
  courseSectionSourcedId: 'sis-section-1',
}

// Spelled out here, not read from the module, so a typo in the table fails a test.
const TABLE: [variable: string, field: keyof SubstitutionValues][] = [
  ['$User.id', 'userId'],
  ['$User.username', 'username'],
  ['$User.image', 'userImage'],
  ['$Person.sourcedId', 'personSourcedId'],
  ['$Person.name.given', 'givenName'],
  ['$Person.name.family', 'familyName'],
  ['$Person.name.middle', 'middleName'],
  ['$Person.name.full', 'fullName'],
  ['$Person.email.primary', 'email'],
  ['$Context.id', 'contextId'],
  ['$Context.title', 'contextTitle'],
  ['$Context.label', 'contextLabel'],
  ['$ResourceLink.id', 'resourceLinkId'],
  ['$ResourceLink.title', 'resourceLinkTitle'],
  ['$ResourceLink.description', 'resourceLinkDescription'],
  ['$CourseOffering.sourcedId', 'courseOfferingSourcedId'],
  ['$CourseSection.sourcedId', 'courseSectionSourcedId'],
]

describe(`substituteVariables (${SPEC})`, () => {
  it.each(TABLE)('substitutes %s', (variable, field) => {
    expect(substituteVariables({ p: variable }, ALL)).toEqual({ p: ALL[field] })
  })

  it('lists exactly the variables of the table', () => {
    expect([...SUBSTITUTION_VARIABLES].sort()).toEqual(TABLE.map(([v]) => v).sort())
  })

  it.each(TABLE)('sends %s unsubstituted when its value is unavailable', (variable) => {
    expect(substituteVariables({ p: variable }, {})).toEqual({ p: variable })
  })

  it('sends withheld name and email variables unsubstituted', () => {
    const withheld: SubstitutionValues = {
      ...ALL,
      givenName: undefined,
      familyName: undefined,
      middleName: undefined,
      fullName: undefined,
      email: undefined,
    }
    const custom = {
      given: '$Person.name.given',
      family: '$Person.name.family',
      middle: '$Person.name.middle',
      full: '$Person.name.full',
      mail: '$Person.email.primary',
      id: '$User.id',
    }
    expect(substituteVariables(custom, withheld)).toEqual({ ...custom, id: 'user-42' })
  })

  it.each([
    ['unknown variable', '$Person.name.secretIdentity'],
    ['unknown namespace', '$Canvas.user.id'],
    ['wrong case', '$user.id'],
    ['prototype member', '$constructor'],
    ['prototype member with dot', '$__proto__.x'],
    ['bare dollar', '$'],
  ])('sends an %s unsubstituted', (_, variable) => {
    expect(substituteVariables({ p: variable }, ALL)).toEqual({ p: variable })
  })

  it.each([
    ['prefix text', 'id=$User.id'],
    ['suffix text', '$User.id!'],
    ['two variables', '$Person.name.given $Person.name.family'],
    ['leading space', ' $User.id'],
    ['trailing space', '$User.id '],
    ['variable without the dollar', 'User.id'],
  ])('leaves a partial match alone: %s', (_, value) => {
    expect(substituteVariables({ p: value }, ALL)).toEqual({ p: value })
  })

  it('treats empty or blank values as unavailable and trims the others', () => {
    const out = substituteVariables(
      { a: '$Context.title', b: '$Context.label' },
      { contextTitle: '  ', contextLabel: ' CS101 ' },
    )
    expect(out).toEqual({ a: '$Context.title', b: 'CS101' })
  })

  it('keeps plain values and does not change its input', () => {
    const custom = { plain: 'hello', money: '$5', who: '$User.id' }
    const out = substituteVariables(custom, { userId: 'u1' })
    expect(out).toEqual({ plain: 'hello', money: '$5', who: 'u1' })
    expect(custom.who).toBe('$User.id')
  })

  it('keeps a parameter named __proto__ as a parameter', () => {
    const custom = JSON.parse('{"__proto__":"$User.id"}') as Record<string, string>
    const out = substituteVariables(custom, { userId: 'u1' })
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(Object.entries(out)).toEqual([['__proto__', 'u1']])
  })
})
