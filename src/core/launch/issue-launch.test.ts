import { describe, expect, it } from 'vitest'
import { CLAIM, CONTEXT_TYPE, LTI_VERSION, MESSAGE_TYPE, ROLE, SCOPE } from '../claims.js'
import { buildLaunchClaims } from './issue-launch.js'
import type { IssueLaunchInput } from './issue-launch.js'

const PII = ['name', 'given_name', 'family_name', 'email'] as const

function launchInput(overrides: Partial<IssueLaunchInput> = {}): IssueLaunchInput {
  return {
    issuer: 'https://lms.example',
    clientId: 'client-1',
    deploymentId: 'dep-1',
    nonce: 'nonce-1',
    targetLinkUri: 'https://tool.example/lti/ws1/launch',
    user: {
      id: 'user-1',
      givenName: 'Grace',
      familyName: 'Hopper',
      email: 'grace.hopper@example.edu',
      locale: 'en-US',
    },
    privacy: { sendName: true, sendEmail: true },
    roles: [ROLE.learner],
    context: {
      id: 'ctx-1',
      label: 'CS101',
      title: 'Compilers',
      type: [CONTEXT_TYPE.courseOffering],
    },
    resourceLink: { id: 'rl-1', title: 'Week 1 quiz' },
    toolPlatform: { guid: 'lms-guid', name: 'Example LMS', productFamilyCode: 'ltikit' },
    ...overrides,
  }
}

/** Every string in the payload, at any depth, with its path. */
function strings(value: unknown, path = '$'): [string, string][] {
  if (typeof value === 'string') return [[path, value]]
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`))
}

describe('buildLaunchClaims', () => {
  it('builds a complete LtiResourceLinkRequest with the wire names', () => {
    const claims = buildLaunchClaims(
      launchInput({
        launchPresentation: { documentTarget: 'iframe', returnUrl: 'https://lms.example/back' },
        lis: { courseSectionSourcedId: 'sis-sec-1' },
        custom: { topic: 'loops' },
        agsEndpoint: {
          scope: [SCOPE.agsLineItem, SCOPE.agsScore],
          lineitems: 'https://lms.example/ctx-1/lineitems',
          lineitem: 'https://lms.example/ctx-1/lineitems/7',
        },
        nrpsService: { contextMembershipsUrl: 'https://lms.example/ctx-1/memberships' },
      }),
    )
    expect(claims).toStrictEqual({
      iss: 'https://lms.example',
      aud: 'client-1',
      azp: 'client-1',
      sub: 'user-1',
      nonce: 'nonce-1',
      name: 'Grace Hopper',
      given_name: 'Grace',
      family_name: 'Hopper',
      email: 'grace.hopper@example.edu',
      locale: 'en-US',
      [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
      [CLAIM.version]: LTI_VERSION,
      [CLAIM.deploymentId]: 'dep-1',
      [CLAIM.targetLinkUri]: 'https://tool.example/lti/ws1/launch',
      [CLAIM.resourceLink]: { id: 'rl-1', title: 'Week 1 quiz' },
      [CLAIM.roles]: [ROLE.learner],
      [CLAIM.context]: {
        id: 'ctx-1',
        label: 'CS101',
        title: 'Compilers',
        type: [CONTEXT_TYPE.courseOffering],
      },
      [CLAIM.toolPlatform]: {
        guid: 'lms-guid',
        name: 'Example LMS',
        product_family_code: 'ltikit',
      },
      [CLAIM.launchPresentation]: {
        document_target: 'iframe',
        return_url: 'https://lms.example/back',
      },
      [CLAIM.lis]: { course_section_sourcedid: 'sis-sec-1' },
      [CLAIM.custom]: { topic: 'loops' },
      [CLAIM.agsEndpoint]: {
        scope: [SCOPE.agsLineItem, SCOPE.agsScore],
        lineitems: 'https://lms.example/ctx-1/lineitems',
        lineitem: 'https://lms.example/ctx-1/lineitems/7',
      },
      [CLAIM.nrpsService]: {
        context_memberships_url: 'https://lms.example/ctx-1/memberships',
        service_versions: ['2.0'],
      },
    })
  })

  describe('privacy matrix', () => {
    const cases = (['learner', 'instructor'] as const).flatMap((persona) =>
      [true, false].map((pii) => ({ persona, role: ROLE[persona], pii })),
    )
    it.each(cases)('$persona, PII shared: $pii', ({ role, pii }) => {
      const claims = buildLaunchClaims(
        launchInput({ roles: [role], privacy: { sendName: pii, sendEmail: pii } }),
      )
      expect(claims.sub).toBe('user-1')
      expect(claims[CLAIM.roles]).toEqual([role])
      for (const name of PII) expect(name in claims).toBe(pii)
      // Locale is not personal data under the platform's privacy switches.
      expect(claims.locale).toBe('en-US')
    })
  })

  it('trims every string and leaves out empty and undefined members', () => {
    const claims = buildLaunchClaims(
      launchInput({
        issuer: ' https://lms.example ',
        clientId: 'client-1\n',
        user: { id: ' user-1 ', givenName: ' Grace ', familyName: '', name: '  ', email: ' ' },
        roles: [` ${ROLE.learner} `, '', ROLE.learner],
        context: { id: ' ctx-1 ', label: ' ', title: '\tCompilers ', type: [' '] },
        resourceLink: { id: 'rl-1 ', title: '', description: ' ' },
        toolPlatform: { guid: ' lms-guid ', name: '', version: ' 1.0 ' },
        launchPresentation: { returnUrl: ' ', locale: '', width: Number.NaN, height: 0 },
        lis: { personSourcedId: ' ' },
        custom: { ' topic ': ' loops ', empty: '  ', ' ': 'orphan' },
      }),
    )
    for (const [path, value] of strings(claims)) {
      expect(value, path).toBe(value.trim())
      expect(value, path).not.toBe('')
    }
    expect(JSON.parse(JSON.stringify(claims))).toStrictEqual(claims)
    expect(claims).toMatchObject({ iss: 'https://lms.example', aud: 'client-1', sub: 'user-1' })
    expect(claims).toMatchObject({ name: 'Grace', given_name: 'Grace' })
    expect('family_name' in claims || 'email' in claims).toBe(false)
    expect(claims[CLAIM.roles]).toEqual([ROLE.learner])
    expect(claims[CLAIM.context]).toStrictEqual({ id: 'ctx-1', title: 'Compilers' })
    expect(claims[CLAIM.resourceLink]).toStrictEqual({ id: 'rl-1' })
    expect(claims[CLAIM.toolPlatform]).toStrictEqual({ guid: 'lms-guid', version: '1.0' })
    expect(claims[CLAIM.custom]).toStrictEqual({ topic: 'loops' })
    for (const claim of [CLAIM.launchPresentation, CLAIM.lis]) expect(claim in claims).toBe(false)
  })

  it('echoes the nonce exactly as the tool sent it', () => {
    expect(buildLaunchClaims(launchInput({ nonce: 'n-1 ' })).nonce).toBe('n-1 ')
  })

  it('sends an empty roles array and no custom claim when there is nothing to send', () => {
    const claims = buildLaunchClaims(launchInput({ roles: [], custom: { a: ' ' } }))
    expect(claims[CLAIM.roles]).toEqual([])
    expect(CLAIM.custom in claims).toBe(false)
  })

  it.each([
    ['issuer', { issuer: ' ' }],
    ['clientId', { clientId: '' }],
    ['deploymentId', { deploymentId: ' ' }],
    ['nonce', { nonce: '' }],
    ['targetLinkUri', { targetLinkUri: '' }],
    ['user.id', { user: { id: '  ' } }],
    ['resourceLink.id', { resourceLink: { id: '' } }],
    ['toolPlatform.guid', { toolPlatform: { guid: ' ' } }],
    ['context.id', { context: { id: '' } }],
    ['nrpsService.contextMembershipsUrl', { nrpsService: { contextMembershipsUrl: '' } }],
  ] as [string, Partial<IssueLaunchInput>][])('refuses an empty %s', (_, overrides) => {
    expect(() => buildLaunchClaims(launchInput(overrides))).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    )
  })

  describe('custom parameters', () => {
    const custom = {
      uid: '$User.id',
      user: '$User.username',
      given: '$Person.name.given',
      mail: '$Person.email.primary',
      course: '$Context.title',
      section: '$CourseSection.sourcedId',
      link: 'id=$ResourceLink.id',
    }

    it('are sent as given when no substitution values are passed', () => {
      expect(buildLaunchClaims(launchInput({ custom }))[CLAIM.custom]).toStrictEqual(custom)
    })

    it('are substituted from the launch and the extra values', () => {
      const claims = buildLaunchClaims(
        launchInput({
          custom,
          lis: { courseSectionSourcedId: 'sis-sec-1' },
          substitution: { username: 'ghopper', contextTitle: undefined },
        }),
      )
      expect(claims[CLAIM.custom]).toStrictEqual({
        uid: 'user-1',
        user: 'ghopper',
        given: 'Grace',
        mail: 'grace.hopper@example.edu',
        course: 'Compilers',
        section: 'sis-sec-1',
        link: 'id=$ResourceLink.id',
      })
    })

    it('are trimmed before substitution, as an admin may type stray spaces', () => {
      const claims = buildLaunchClaims(
        launchInput({ custom: { uid: ' $User.id ' }, substitution: {} }),
      )
      expect(claims[CLAIM.custom]).toStrictEqual({ uid: 'user-1' })
    })

    it('never reveal a name or email the privacy settings withhold', () => {
      const claims = buildLaunchClaims(
        launchInput({
          custom,
          privacy: { sendName: false, sendEmail: false },
          substitution: { givenName: 'Grace', fullName: 'Grace Hopper', email: 'g@example.edu' },
        }),
      )
      expect(claims[CLAIM.custom]).toMatchObject({
        uid: 'user-1',
        given: '$Person.name.given',
        mail: '$Person.email.primary',
      })
    })
  })
})
