import { describe, expect, it } from 'vitest'
import type { Context, Enrollment, Lti11Tool, ResourceLink, User } from '../ports.js'
import { basicLaunchParameters } from './basic-launch-parameters.js'
import type { BasicLaunchInput } from './basic-launch-parameters.js'

const PUBLIC_URL = 'https://lms.example/'

const tool: Lti11Tool = {
  id: 'tool-1',
  name: 'Legacy',
  launchUrl: 'https://legacy.example/lti',
  consumerKey: 'key',
  encryptedSharedSecret: 'v1.x.y.z',
  customParameters: {
    'Chapter.Name': 'tool value',
    who: '$User.id',
    mail: '$Person.email.primary',
    given: '$Person.name.given',
    blank: '   ',
    unknown: '$Nothing.here',
  },
  privacy: { sendName: true, sendEmail: true },
  status: 'active',
  createdAt: 0,
}
const context: Context = {
  id: 'ctx-1',
  title: 'Negotiation 101',
  label: 'NEG101',
  gradingScale: { type: 'points' },
  createdAt: 0,
}
const link: ResourceLink = {
  id: 'link-1',
  contextId: 'ctx-1',
  toolId: 'tool-1',
  resourceLinkId: 'rl-opaque',
  title: ' Week 1 ',
  text: 'Read chapter 1',
  customParameters: { 'chapter.name': 'link value' },
  presentation: 'iframe',
  createdAt: 0,
}
const user: User = {
  id: 'user-1',
  email: 'ada@example.edu',
  name: 'Ada Lovelace',
  givenName: 'Ada',
  familyName: 'Lovelace',
  passwordHash: 'x',
  isAdmin: false,
  createdAt: 0,
}
const enrollment: Enrollment = {
  contextId: 'ctx-1',
  userId: 'user-1',
  roles: ['Learner'],
  status: 'Active',
  createdAt: 0,
}

const paramsOf = async (overrides: Partial<BasicLaunchInput> = {}) =>
  Object.fromEntries(
    await basicLaunchParameters(
      { tool, context, link, user, enrollment, ...overrides },
      PUBLIC_URL,
    ),
  )

describe('basicLaunchParameters', () => {
  it('sends the required and recommended parameters, trimmed', async () => {
    expect(await paramsOf()).toEqual({
      lti_message_type: 'basic-lti-launch-request',
      lti_version: 'LTI-1p0',
      resource_link_id: 'rl-opaque',
      resource_link_title: 'Week 1',
      resource_link_description: 'Read chapter 1',
      user_id: 'user-1',
      roles: 'Learner',
      lis_person_name_full: 'Ada Lovelace',
      lis_person_name_given: 'Ada',
      lis_person_name_family: 'Lovelace',
      lis_person_contact_email_primary: 'ada@example.edu',
      context_id: 'ctx-1',
      context_title: 'Negotiation 101',
      context_label: 'NEG101',
      context_type: 'CourseOffering',
      launch_presentation_locale: 'en-US',
      launch_presentation_document_target: 'iframe',
      launch_presentation_return_url: 'https://lms.example/courses/ctx-1/return',
      tool_consumer_instance_guid: expect.stringMatching(/^[0-9a-f]{32}$/),
      tool_consumer_instance_name: 'ltikit platform',
      tool_consumer_info_product_family_code: 'ltikit',
      tool_consumer_info_version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      // LTI 1.1 §3: lower case, non-alphanumerics as "_"; the link's value wins.
      custom_chapter_name: 'link value',
      custom_who: 'user-1',
      custom_mail: 'ada@example.edu',
      custom_given: 'Ada',
      custom_unknown: '$Nothing.here',
    })
  })

  it('withholds names and email when the tool may not see them, substitution included', async () => {
    const params = await paramsOf({
      tool: { ...tool, privacy: { sendName: false, sendEmail: false } },
    })
    expect(Object.keys(params).filter((name) => name.startsWith('lis_person'))).toEqual([])
    expect(params).toMatchObject({
      user_id: 'user-1',
      custom_who: 'user-1',
      custom_mail: '$Person.email.primary',
      custom_given: '$Person.name.given',
    })
    const nameOnly = await paramsOf({
      tool: { ...tool, privacy: { sendName: true, sendEmail: false } },
    })
    expect(nameOnly).toHaveProperty('lis_person_name_full', 'Ada Lovelace')
    expect(nameOnly).not.toHaveProperty('lis_person_contact_email_primary')
  })

  it('names context roles the 1.1 way, a teaching assistant with Instructor', async () => {
    const roles = async (list: Enrollment['roles']) =>
      (await paramsOf({ enrollment: { ...enrollment, roles: list } })).roles
    expect(await roles(['Instructor'])).toBe('Instructor')
    expect(await roles(['TeachingAssistant'])).toBe('TeachingAssistant,Instructor')
    expect(await roles(['Instructor', 'TeachingAssistant', 'Mentor'])).toBe(
      'Instructor,TeachingAssistant,Mentor',
    )
  })

  it('adds the outcome service only when asked to', async () => {
    expect(await paramsOf()).not.toHaveProperty('lis_result_sourcedid')
    const graded = await paramsOf({
      outcome: { serviceUrl: 'https://lms.example/lti11/outcomes', resultSourcedId: 'sealed' },
    })
    expect(graded).toMatchObject({
      lis_outcome_service_url: 'https://lms.example/lti11/outcomes',
      lis_result_sourcedid: 'sealed',
    })
  })
})
