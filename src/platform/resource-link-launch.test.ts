import { readFileSync } from 'node:fs'
import { generateKeyPair, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { CLAIM, CONTEXT_TYPE, LTI_VERSION, MESSAGE_TYPE, ROLE, SCOPE } from '../core/claims.js'
import {
  context,
  enrollment,
  learner,
  link,
  NOW,
  PUBLIC_URL,
  SUBSTITUTION_PARAMETERS,
  tool,
} from '../../test/support/platform-fixtures.js'
import type { Tool } from './ports.js'
import { buildResourceLinkLaunch } from './resource-link-launch.js'
import { PLATFORM_VERSION, toolPlatform } from './tool-platform.js'

const { privateKey, publicKey } = await generateKeyPair('RS256')
const signingKey = { kid: 'k1', alg: 'RS256' as const, privateKey }
const clock = { now: () => NOW }

const CUSTOM = SUBSTITUTION_PARAMETERS

async function launch(overrides: Partial<Tool> = {}, linkOverrides: Partial<typeof link> = {}) {
  const token = await buildResourceLinkLaunch(
    {
      tool: { ...tool, customParameters: CUSTOM, ...overrides },
      context,
      link: { ...link, ...linkOverrides },
      user: learner,
      enrollment: enrollment(learner, ['Learner']),
      nonce: 'nonce-1',
    },
    { publicUrl: `${PUBLIC_URL}/`, clock, signingKey },
  )
  const { payload, protectedHeader } = await jwtVerify(token, publicKey, {
    issuer: PUBLIC_URL,
    audience: tool.clientId,
    currentDate: new Date(NOW),
  })
  return { payload: payload as Record<string, unknown>, protectedHeader }
}

describe('buildResourceLinkLaunch', () => {
  it('signs a complete LtiResourceLinkRequest for the enrollment', async () => {
    const { payload, protectedHeader } = await launch()
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: 'k1' })
    expect(payload).toMatchObject({
      sub: learner.id,
      nonce: 'nonce-1',
      azp: tool.clientId,
      iat: NOW / 1000,
      name: learner.name,
      given_name: 'Ada',
      family_name: 'Lovelace',
      email: learner.email,
      [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
      [CLAIM.version]: LTI_VERSION,
      [CLAIM.deploymentId]: tool.deploymentId,
      [CLAIM.targetLinkUri]: tool.targetLinkUri,
      [CLAIM.roles]: [ROLE.learner],
      [CLAIM.context]: {
        id: context.id,
        label: 'NEG101',
        title: context.title,
        type: [CONTEXT_TYPE.courseOffering],
      },
      [CLAIM.resourceLink]: { id: 'rl-1', title: link.title, description: link.text },
      // The activity opens in the course page's iframe; the tool returns to the course.
      [CLAIM.launchPresentation]: {
        document_target: 'iframe',
        return_url: `${PUBLIC_URL}/courses/${context.id}/return`,
      },
      [CLAIM.toolPlatform]: await toolPlatform(PUBLIC_URL),
      [CLAIM.lis]: { course_offering_sourcedid: context.id, course_section_sourcedid: context.id },
      [CLAIM.agsEndpoint]: {
        scope: [SCOPE.agsScore],
        lineitems: `${PUBLIC_URL}/lti/contexts/${context.id}/lineitems`,
        lineitem: `${PUBLIC_URL}/lti/contexts/${context.id}/lineitems/li-1`,
      },
      [CLAIM.nrpsService]: {
        context_memberships_url: `${PUBLIC_URL}/lti/contexts/${context.id}/memberships`,
        service_versions: ['2.0'],
      },
    })
    expect((payload.exp as number) - (payload.iat as number)).toBe(300)
  })

  it('substitutes the custom variables, link parameters over tool ones', async () => {
    const { payload } = await launch({
      customParameters: { ...CUSTOM, both: 'tool', from_tool: 'tool' },
    })
    expect(payload[CLAIM.custom]).toEqual({
      user_id: learner.id,
      username: learner.email,
      given: 'Ada',
      family: 'Lovelace',
      email: learner.email,
      context_id: context.id,
      context_title: context.title,
      link_id: 'rl-1',
      link_title: link.title,
      section: context.id,
      from_tool: 'tool',
      both: 'link',
      who: learner.id,
    })
  })

  it('withholds name and email, in claims and in custom variables, as privacy says', async () => {
    const { payload } = await launch({ privacy: { sendName: false, sendEmail: false } })
    for (const claim of ['name', 'given_name', 'family_name', 'email']) {
      expect(payload).not.toHaveProperty(claim)
    }
    expect(payload[CLAIM.custom]).toMatchObject({
      username: '$User.username',
      given: '$Person.name.given',
      family: '$Person.name.family',
      email: '$Person.email.primary',
      user_id: learner.id,
    })
    const nameOnly = await launch({ privacy: { sendName: true, sendEmail: false } })
    expect(nameOnly.payload).toMatchObject({ name: learner.name })
    expect(nameOnly.payload).not.toHaveProperty('email')
    expect(nameOnly.payload[CLAIM.custom]).toMatchObject({
      username: '$User.username',
      given: 'Ada',
    })
  })

  it('sends the service claims only for services the tool may use', async () => {
    const off = await launch({ services: { ags: [], nrps: false, deepLinking: false } })
    expect(off.payload).not.toHaveProperty(CLAIM.agsEndpoint)
    expect(off.payload).not.toHaveProperty(CLAIM.nrpsService)
    const noLineItem = await launch({}, { lineItemId: undefined })
    expect(noLineItem.payload[CLAIM.agsEndpoint]).toEqual({
      scope: [SCOPE.agsScore],
      lineitems: `${PUBLIC_URL}/lti/contexts/${context.id}/lineitems`,
    })
  })

  it("names the link's presentation as the document target", async () => {
    const { payload } = await launch({}, { presentation: 'window' })
    expect(payload[CLAIM.launchPresentation]).toMatchObject({ document_target: 'window' })
  })

  it("launches a link's own URL", async () => {
    const { payload } = await launch({}, { url: 'https://tool.example/launch?item=7' })
    expect(payload[CLAIM.targetLinkUri]).toBe('https://tool.example/launch?item=7')
  })
})

describe('toolPlatform', () => {
  it('has a stable guid per issuer and the package version', async () => {
    const a = await toolPlatform('https://a.example')
    expect(a.guid).toMatch(/^[0-9a-f]{32}$/)
    expect((await toolPlatform('https://b.example')).guid).not.toBe(a.guid)
    expect((await toolPlatform('https://a.example')).guid).toBe(a.guid)
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
    expect(PLATFORM_VERSION).toBe(pkg.version)
  })
})
