/**
 * The LTI 1.1 → 1.3 migration between our platform and our tool, end to end on loopback
 * (issue #7): the tool is first installed on the platform as an LTI 1.1 tool and a learner
 * launches it over 1.1; then the platform's LTI 1.3 registration of the tool is linked to that
 * 1.1 tool, and the learner's first 1.3 launch (carrying the signed `lti1p1` claim) lands on the
 * member their 1.1 launch provisioned. No second member appears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/databases.js'
import type { TestUser } from '../support/platform-harness.js'
import { startToolPlatformPair } from '../support/tool-platform-pair.js'
import type { ToolPlatformPair } from '../support/tool-platform-pair.js'
import { TestBrowser, readForm } from '../interop/browser.js'

const CONSUMER_KEY = 'ltikit-tool-11'
const SHARED_SECRET = 'a shared secret from LTI 1.1 days'

interface ToolMember {
  id: string
  name?: string
  identities: { issuer: string; sub: string }[]
}

describe.each(DIALECTS)('LTI 1.1 → 1.3 migration, platform and tool, on %s', (dialect) => {
  let pair: ToolPlatformPair
  let learner: TestUser
  let courseId: string
  let scenarioId: string
  let consumerId: string
  let lti11ToolId: string
  let memberFrom11: ToolMember

  const toolApi = (path: string, init?: Parameters<ToolPlatformPair['tool']['api']>[1]) =>
    pair.tool.api(`/workspaces/${pair.ws.slug}${path}`, init)
  const members = async () => (await toolApi('/members')).body as ToolMember[]

  beforeAll(async () => {
    pair = await startToolPlatformPair(dialect)
    scenarioId = await pair.addScenario('salary-talk', 'Salary talk')
    const { platform } = pair
    courseId = await platform.createCourse({ title: 'Negotiation 101' })
    learner = await platform.createUser({ name: 'Lena Legacy' })
    await platform.enroll(courseId, learner.id, ['Learner'])

    // The workspace holds the consumer key and secret it was installed with over LTI 1.1.
    const consumer = await toolApi('/lti11/consumers', {
      method: 'POST',
      body: { consumerKey: CONSUMER_KEY, sharedSecret: SHARED_SECRET },
    })
    expect(consumer.status).toBe(201)
    consumerId = consumer.body.id
  })
  afterAll(async () => {
    await pair?.close()
  })

  it('launches the tool over LTI 1.1 from the platform, provisioning member M', async () => {
    const launchUrl = (await toolApi('/lti11/endpoints')).body.launchUrl as string
    const tool11 = await pair.platform.api('/lti11-tools', {
      method: 'POST',
      body: {
        name: 'ltikit tool (LTI 1.1)',
        launchUrl,
        consumerKey: CONSUMER_KEY,
        sharedSecret: SHARED_SECRET,
        customParameters: { scenario_id: 'salary-talk' },
        privacy: { sendName: true, sendEmail: true },
      },
    })
    expect(tool11.status, JSON.stringify(tool11.body)).toBe(201)
    lti11ToolId = tool11.body.id
    const link = await pair.platform.addLink(courseId, {
      toolId: lti11ToolId,
      title: 'Practise a salary talk (1.1)',
    })

    // The learner's browser: the platform answers an auto-posting form signed with OAuth 1.0a.
    const browser = new TestBrowser({ [pair.platform.url]: await pair.platform.signIn(learner) })
    const hops = await browser.follow(
      `${pair.platform.url}/courses/${courseId}/links/${link.id}/launch`,
    )
    const formPage = hops.at(-1)!
    expect(formPage.status, formPage.body.slice(0, 300)).toBe(200)
    const form = readForm(formPage.body)
    expect(form.action).toBe(launchUrl)
    expect(form.fields).toMatchObject({
      lti_message_type: 'basic-lti-launch-request',
      oauth_consumer_key: CONSUMER_KEY,
      oauth_signature_method: 'HMAC-SHA1',
    })
    const landed = await browser.follow(form.action, { form: form.fields })
    expect(landed[0]!.status, landed[0]!.body.slice(0, 500)).toBe(303)
    const page = landed.at(-1)!
    expect(page.status).toBe(200)
    expect(page.url).toContain(`/play/${pair.ws.id}/${scenarioId}?session=`)
    expect(page.body).toContain('Salary talk')

    const all = await members()
    expect(all).toHaveLength(1)
    memberFrom11 = all[0]!
    expect(memberFrom11).toMatchObject({
      name: 'Lena Legacy',
      identities: [{ issuer: `urn:lti11:${CONSUMER_KEY}`, sub: form.fields.user_id }],
    })
  })

  it("resolves the same member M on the learner's first LTI 1.3 launch", async () => {
    expect(memberFrom11, 'needs the LTI 1.1 launch above').toBeDefined()
    // The platform links its 1.3 registration of the tool to the former 1.1 tool, so 1.3
    // launches carry the lti1p1 claim; the workspace pins its consumer to that LMS.
    const linked = await pair.platform.api(`/tools/${pair.registered.id}/lti11`, {
      method: 'PUT',
      body: { lti11ToolId },
    })
    expect(linked.status, JSON.stringify(linked.body)).toBe(200)
    const pinned = await toolApi(`/lti11/consumers/${consumerId}`, {
      method: 'PUT',
      body: { registrationId: pair.platformId },
    })
    expect(pinned.status).toBe(200)

    const link13 = await pair.platform.addLink(courseId, {
      toolId: pair.registered.id,
      title: 'Practise a salary talk',
      customParameters: { scenario_id: 'salary-talk' },
    })
    const { page } = await pair.launch(learner, `/courses/${courseId}/links/${link13.id}/launch`)
    expect(page.url).toContain(`/play/${pair.ws.id}/${scenarioId}?session=`)

    const [entry] = (await toolApi('/lti/launches?limit=1')).body as {
      outcome: string
      issuer: string
      memberId: string
      correlationId: string
    }[]
    expect(entry).toMatchObject({
      outcome: 'success',
      issuer: pair.registered.issuer,
      memberId: memberFrom11.id,
    })
    // The id_token carried the claim (the launch log keeps it redacted).
    const detail = await toolApi(`/lti/launches/${entry!.correlationId}`)
    expect(detail.body.claims).toHaveProperty(
      ['https://purl.imsglobal.org/spec/lti/claim/lti1p1'],
      '[redacted]',
    )

    const all = await members()
    expect(all).toHaveLength(1)
    expect(all[0]!.id).toBe(memberFrom11.id)
    expect(all[0]!.identities).toEqual(
      expect.arrayContaining([
        { issuer: `urn:lti11:${CONSUMER_KEY}`, sub: expect.any(String) },
        { issuer: pair.registered.issuer, sub: expect.any(String) },
      ]),
    )
    expect(all[0]!.identities).toHaveLength(2)

    // Later launches over either version keep landing on M.
    await pair.launch(learner, `/courses/${courseId}/links/${link13.id}/launch`)
    expect((await members()).map((m) => m.id)).toEqual([memberFrom11.id])
  })

  it('gives a learner never seen over LTI 1.1 a member of their own', async () => {
    const newcomer = await pair.platform.createUser({ name: 'Nina New' })
    await pair.platform.enroll(courseId, newcomer.id, ['Learner'])
    const link13 = await pair.platform.addLink(courseId, {
      toolId: pair.registered.id,
      title: 'Practise again',
      customParameters: { scenario_id: 'salary-talk' },
    })
    await pair.launch(newcomer, `/courses/${courseId}/links/${link13.id}/launch`)
    const all = await members()
    expect(all).toHaveLength(2)
    expect(all.find((m) => m.name === 'Nina New')?.id).not.toBe(memberFrom11.id)
  })
})
