/**
 * LTI 1.1 tools on a running platform server, on every dialect: the admin API, placing a 1.1
 * tool in a course, the signed basic launch (privacy, custom substitution, outcome parameters)
 * and Basic Outcomes (replace, read, delete, and every refusal writing nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { oauth1AuthorizationHeader } from '../../src/core/lti11/authorization-header.js'
import { oauthBodyHash } from '../../src/core/lti11/oauth-body-hash.js'
import { signOAuth1Request } from '../../src/core/lti11/sign-oauth1-request.js'
import { validateOAuth1Request } from '../../src/core/lti11/validate-oauth1-request.js'
import type { NonceStore } from '../../src/core/ports.js'
import { DIALECTS } from '../support/databases.js'
import { startTestPlatform } from '../support/platform-harness.js'
import type { TestPlatform, TestUser } from '../support/platform-harness.js'
import { readAutoPostForm } from '../support/platform-routes-harness.js'

const LAUNCH_URL = 'http://127.0.0.1:9/lti11/launch?tenant=a'
const SECRET = 'shh-0123456789'

/** A fresh nonce store per check, so validating a launch twice is possible in one test. */
function memoryNonces(): NonceStore {
  const used = new Set<string>()
  return {
    consumeNonce: async (nonce) => !used.has(nonce) && Boolean(used.add(nonce)),
    isNonceConsumed: async (nonce) => used.has(nonce),
  }
}

function poxRequest(operation: string, sourcedId: string, score?: string): string {
  const result =
    score === undefined
      ? ''
      : `<result><resultScore><language>en</language><textString>${score}</textString></resultScore></result>`
  return `<?xml version="1.0" encoding="UTF-8"?>
<imsx_POXEnvelopeRequest xmlns="http://www.imsglobal.org/services/ltiv1p1/xsd/imsoms_v1p0">
  <imsx_POXHeader><imsx_POXRequestHeaderInfo>
    <imsx_version>V1.0</imsx_version><imsx_messageIdentifier>msg-${operation}</imsx_messageIdentifier>
  </imsx_POXRequestHeaderInfo></imsx_POXHeader>
  <imsx_POXBody><${operation}Request><resultRecord>
    <sourcedGUID><sourcedId>${sourcedId}</sourcedId></sourcedGUID>${result}
  </resultRecord></${operation}Request></imsx_POXBody>
</imsx_POXEnvelopeRequest>`
}

/** What a POX answer says, read with regular expressions (the XML is ours, and flat). */
function poxAnswer(xml: string) {
  const text = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1]
  return {
    codeMajor: text('imsx_codeMajor'),
    description: text('imsx_description'),
    messageRef: text('imsx_messageRefIdentifier'),
    operation: text('imsx_operationRefIdentifier'),
    textString: /<textString>([^<]*)<\/textString>/.exec(xml)?.[1],
  }
}

describe.each(DIALECTS)('LTI 1.1 tools on the platform (%s)', (dialect) => {
  let platform: TestPlatform
  let courseId: string
  let learner: TestUser
  let teacher: TestUser
  let learnerCookie: string
  let teacherCookie: string
  let toolId: string
  let gradedLink: { id: string; resourceLinkId: string; lineItemId: string }
  let plainLinkId: string
  let outcomesUrl: string

  beforeAll(async () => {
    platform = await startTestPlatform(dialect)
    courseId = await platform.createCourse({
      title: 'Negotiation 101',
      label: 'NEG101',
      gradingScale: { type: 'percentage' },
    })
    learner = await platform.createUser({ name: 'Ada Lovelace' })
    teacher = await platform.createUser({ name: 'Tim Berners-Lee' })
    await platform.enroll(courseId, learner.id, ['Learner'])
    await platform.enroll(courseId, teacher.id, ['Instructor'])
    learnerCookie = await platform.signIn(learner)
    teacherCookie = await platform.signIn(teacher)
    const tool = await register({
      customParameters: {
        who: '$User.id',
        email: '$Person.email.primary',
        'Course.Name': '$Context.title',
      },
      privacy: { sendName: true, sendEmail: true },
    })
    toolId = tool.body.id
    gradedLink = (await platform.addLink(courseId, {
      toolId,
      title: 'Legacy quiz',
      customParameters: { level: 'link' },
      lineItem: { label: 'Legacy quiz', scoreMaximum: 20 },
    })) as typeof gradedLink
    plainLinkId = (await platform.addLink(courseId, { toolId, title: 'Legacy reading' })).id
    outcomesUrl = `${platform.url}/lti11/outcomes`
  })
  afterAll(async () => {
    await platform?.close()
  })

  let keys = 0
  function register(overrides: Record<string, unknown> = {}) {
    return platform.api('/lti11-tools', {
      method: 'POST',
      body: {
        name: 'Legacy quiz tool',
        launchUrl: LAUNCH_URL,
        consumerKey: `key-${++keys}-${dialect}`,
        sharedSecret: SECRET,
        ...overrides,
      },
    })
  }

  async function launch(linkId: string, cookie: string) {
    const response = await platform.get(`/courses/${courseId}/links/${linkId}/launch`, cookie)
    expect(response.status).toBe(200)
    return { response, ...readAutoPostForm(await response.text()) }
  }

  const consumerKeyOf = async (id: string) =>
    ((await platform.api(`/lti11-tools/${id}`)).body as { consumerKey: string }).consumerKey

  describe('admin API', () => {
    it('registers a tool and never shows its secret', async () => {
      const created = await register({ name: 'Reading tool' })
      expect(created.status).toBe(201)
      expect(created.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Reading tool',
        launchUrl: LAUNCH_URL,
        consumerKey: expect.stringMatching(/^key-/),
        customParameters: {},
        privacy: { sendName: false, sendEmail: false },
        status: 'active',
      })
      expect(JSON.stringify(created.body)).not.toContain(SECRET)
      const stored = await platform.stores.lti11Tools.findLti11Tool(created.body.id)
      expect(stored?.encryptedSharedSecret).toMatch(/^v1\./)
      expect(stored?.encryptedSharedSecret).not.toContain(SECRET)
      expect((await platform.api(`/lti11-tools/${created.body.id}`)).body).toEqual(created.body)
      const list = await platform.api('/lti11-tools')
      expect(list.body).toContainEqual(created.body)
      expect(JSON.stringify(list.body)).not.toContain(SECRET)
    })

    it('refuses a taken consumer key, bad input, unknown IDs and a missing token', async () => {
      const key = await consumerKeyOf(toolId)
      const duplicate = await register({ consumerKey: key })
      expect(duplicate.status).toBe(409)
      expect(duplicate.body.error.code).toBe('LTI11_TOOL_DUPLICATE')
      const invalid = await register({
        launchUrl: 'ftp://x',
        consumerKey: 'has space',
        sharedSecret: '',
      })
      expect(invalid.status).toBe(400)
      expect(Object.keys(invalid.body.error.fields).sort()).toEqual([
        'consumerKey',
        'launchUrl',
        'sharedSecret',
      ])
      const missing = await platform.api(`/lti11-tools/${crypto.randomUUID()}`)
      expect(missing.status).toBe(404)
      expect(missing.body.error.code).toBe('LTI11_TOOL_NOT_FOUND')
      const anonymous = await platform.api('/lti11-tools', { token: null })
      expect(anonymous.status).toBe(401)
    })

    it('links a 1.3 tool to a 1.1 registration and unlinks it', async () => {
      const tool13 = await platform.registerTool('http://127.0.0.1:9/tool13')
      const put = (body: unknown, id = tool13.id) =>
        platform.api(`/tools/${id}/lti11`, { method: 'PUT', body })
      const linked = await put({ lti11ToolId: toolId })
      expect(linked.status).toBe(200)
      expect(linked.body).toMatchObject({ id: tool13.id, lti11ToolId: toolId })
      expect((await platform.api(`/tools/${tool13.id}`)).body.lti11ToolId).toBe(toolId)
      expect((await put({ lti11ToolId: null })).body.lti11ToolId).toBeNull()
      const unknown = await put({ lti11ToolId: crypto.randomUUID() })
      expect(unknown.status).toBe(404)
      expect(unknown.body.error.code).toBe('LTI11_TOOL_NOT_FOUND')
      const noTool = await put({ lti11ToolId: toolId }, crypto.randomUUID())
      expect(noTool.body.error.code).toBe('LTI_TOOL_NOT_FOUND')
      expect((await put({})).status).toBe(400)
    })

    it('accepts the 1.1 registration when a 1.3 tool is created, if it exists', async () => {
      const created = await platform.registerTool('http://127.0.0.1:9/tool13c', {
        lti11ToolId: toolId,
      })
      expect((await platform.api(`/tools/${created.id}`)).body.lti11ToolId).toBe(toolId)
      const refused = await platform.api('/tools', {
        method: 'POST',
        body: {
          name: 'T',
          oidcLoginUrl: 'http://127.0.0.1:9/login',
          redirectUris: ['http://127.0.0.1:9/launch'],
          targetLinkUri: 'http://127.0.0.1:9/launch',
          jwksUrl: 'http://127.0.0.1:9/jwks',
          lti11ToolId: crypto.randomUUID(),
        },
      })
      expect(refused.status).toBe(404)
      expect(refused.body.error.code).toBe('LTI11_TOOL_NOT_FOUND')
    })

    it('places a 1.1 tool in a course, with a line item when graded', async () => {
      expect(gradedLink.lineItemId).toEqual(expect.any(String))
      const course = await platform.api(`/courses/${courseId}`)
      const links = course.body.links as { id: string; toolId: string }[]
      expect(
        links
          .filter((l) => l.toolId === toolId)
          .map((l) => l.id)
          .sort(),
      ).toEqual([gradedLink.id, plainLinkId].sort())
      const lineItem = await platform.stores.lineItems.findLineItem(gradedLink.lineItemId)
      expect(lineItem).toMatchObject({ toolId, linkId: gradedLink.id, scoreMaximum: 20 })
    })
  })

  describe('basic launch', () => {
    it('posts a signed launch with the 1.1 parameters a learner needs', async () => {
      const { response, action, fields } = await launch(gradedLink.id, learnerCookie)
      expect(response.headers.get('cache-control')).toBe('no-store')
      expect(response.headers.get('content-security-policy')).toMatch(/script-src 'sha256-/)
      expect(action).toBe(LAUNCH_URL)
      expect(fields).toMatchObject({
        lti_message_type: 'basic-lti-launch-request',
        lti_version: 'LTI-1p0',
        resource_link_id: gradedLink.resourceLinkId,
        resource_link_title: 'Legacy quiz',
        user_id: learner.id,
        roles: 'Learner',
        context_id: courseId,
        context_title: 'Negotiation 101',
        context_label: 'NEG101',
        context_type: 'CourseOffering',
        launch_presentation_locale: 'en-US',
        launch_presentation_return_url: `${platform.url}/courses/${courseId}/return`,
        tool_consumer_info_product_family_code: 'ltikit',
        tool_consumer_instance_name: 'ltikit platform',
        lis_person_name_full: 'Ada Lovelace',
        lis_person_contact_email_primary: learner.email,
        lis_outcome_service_url: outcomesUrl,
        custom_who: learner.id,
        custom_email: learner.email,
        custom_course_name: 'Negotiation 101',
        custom_level: 'link',
        oauth_consumer_key: await consumerKeyOf(toolId),
        oauth_signature_method: 'HMAC-SHA1',
        oauth_version: '1.0',
      })
      expect(fields.tool_consumer_instance_guid).toMatch(/^[0-9a-f]{32}$/)
      expect(fields.launch_presentation_document_target).toMatch(/^(iframe|window)$/)
      expect(fields.lis_result_sourcedid).toMatch(/^[\w-]+\.[\w-]+$/)
      expect(Object.keys(fields).filter((name) => name.startsWith('ext_'))).toEqual([])
      // The tool's check: the signature verifies with the shared secret, and only with it.
      const check = (secret: string) =>
        validateOAuth1Request({
          method: 'POST',
          url: action,
          params: Object.entries(fields),
          findConsumerSecret: async () => secret,
          nonces: memoryNonces(),
          now: Date.now(),
        })
      await expect(check(SECRET)).resolves.toMatchObject({ consumerKey: fields.oauth_consumer_key })
      await expect(check('wrong')).rejects.toMatchObject({ code: 'LTI11_SIGNATURE_INVALID' })
    })

    it('withholds personal data the tool may not see, in parameters and substitution', async () => {
      const quiet = await register({
        customParameters: {
          who: '$User.id',
          email: '$Person.email.primary',
          name: '$Person.name.full',
        },
      })
      const link = await platform.addLink(courseId, { toolId: quiet.body.id, title: 'Quiet' })
      const { fields } = await launch(link.id, learnerCookie)
      expect(fields.user_id).toBe(learner.id)
      for (const name of Object.keys(fields)) expect(name).not.toMatch(/^lis_person_/)
      expect(fields).toMatchObject({
        custom_who: learner.id,
        custom_email: '$Person.email.primary',
        custom_name: '$Person.name.full',
      })
      expect(JSON.stringify(fields)).not.toContain(learner.email)
    })

    it('gives no outcome service to instructors nor for ungraded activities', async () => {
      const teacherLaunch = await launch(gradedLink.id, teacherCookie)
      expect(teacherLaunch.fields.roles).toBe('Instructor')
      expect(teacherLaunch.fields).not.toHaveProperty('lis_result_sourcedid')
      expect(teacherLaunch.fields).not.toHaveProperty('lis_outcome_service_url')
      const plain = await launch(plainLinkId, learnerCookie)
      expect(plain.fields).not.toHaveProperty('lis_result_sourcedid')
      expect(plain.fields.resource_link_title).toBe('Legacy reading')
    })

    it('sends strangers to sign in and refuses those not enrolled', async () => {
      const path = `/courses/${courseId}/links/${gradedLink.id}/launch`
      const anonymous = await platform.get(path)
      expect(anonymous.status).toBe(302)
      expect(anonymous.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`)
      const outsider = await platform.createUser()
      const refused = await fetch(`http://127.0.0.1:${platform.server.port}${path}`, {
        headers: { cookie: await platform.signIn(outsider), accept: 'application/json' },
      })
      expect(refused.status).toBe(403)
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
        'LTI_NOT_ENROLLED',
      )
    })

    it('still starts 1.3 launches through the 1.3 route', async () => {
      const tool13 = await platform.registerTool('http://127.0.0.1:9/tool13b')
      const link = await platform.addLink(courseId, { toolId: tool13.id, title: '1.3 activity' })
      const response = await platform.get(
        `/courses/${courseId}/links/${link.id}/launch`,
        learnerCookie,
      )
      expect(response.status).toBe(302)
      expect(response.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:9\/tool13b\/login\?/)
    })
  })

  describe('Basic Outcomes', () => {
    interface SendOptions {
      consumerKey?: string
      secret?: string
      nonce?: string
      timestamp?: number
      /** Sent instead of the signed body. */
      sentBody?: string
    }

    async function send(xml: string, options: SendOptions = {}) {
      const body = new TextEncoder().encode(xml)
      const signed = await signOAuth1Request({
        method: 'POST',
        url: outcomesUrl,
        params: [],
        consumerKey: options.consumerKey ?? (await consumerKeyOf(toolId)),
        consumerSecret: options.secret ?? SECRET,
        nonce: options.nonce ?? crypto.randomUUID(),
        timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
        bodyHash: await oauthBodyHash(body),
      })
      const response = await fetch(outcomesUrl, {
        method: 'POST',
        headers: {
          authorization: oauth1AuthorizationHeader(signed),
          'content-type': 'application/xml',
        },
        body: options.sentBody ?? xml,
      })
      return {
        status: response.status,
        headers: response.headers,
        ...poxAnswer(await response.text()),
      }
    }

    let sourcedId: string
    beforeAll(async () => {
      sourcedId = (await launch(gradedLink.id, learnerCookie)).fields.lis_result_sourcedid as string
    })

    const stored = () => platform.stores.scores.findScore(gradedLink.lineItemId, learner.id)
    const gradebookRow = async () => {
      const rows = (await platform.api(`/courses/${courseId}/gradebook`)).body as {
        lineItemId: string
        userId: string
        display: string | null
        scoreGiven: number | null
        scoreMaximum: number | null
      }[]
      return rows.find((r) => r.lineItemId === gradedLink.lineItemId && r.userId === learner.id)
    }

    it('replaces a result and shows it in the gradebook on the course scale', async () => {
      const answer = await send(poxRequest('replaceResult', sourcedId, '0.85'))
      expect(answer).toMatchObject({
        status: 200,
        codeMajor: 'success',
        messageRef: 'msg-replaceResult',
        operation: 'replaceResult',
      })
      expect(answer.headers.get('content-type')).toMatch(/^application\/xml/)
      expect(await stored()).toMatchObject({
        scoreGiven: 17,
        scoreMaximum: 20,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
      })
      expect(await gradebookRow()).toMatchObject({
        scoreGiven: 17,
        scoreMaximum: 20,
        display: '85%',
      })
    })

    it('reads the result back on the 0.0-1.0 scale, and replaces it again', async () => {
      expect(await send(poxRequest('readResult', sourcedId))).toMatchObject({
        codeMajor: 'success',
        textString: '0.85',
      })
      expect((await send(poxRequest('replaceResult', sourcedId, '0.5'))).codeMajor).toBe('success')
      expect((await send(poxRequest('readResult', sourcedId))).textString).toBe('0.5')
      expect((await gradebookRow())?.display).toBe('50%')
    })

    it('answers unsupported operations with codeMajor unsupported', async () => {
      const answer = await send(poxRequest('replaceResultWithMagic', sourcedId))
      expect(answer).toMatchObject({
        status: 200,
        codeMajor: 'unsupported',
        operation: 'replaceResultWithMagic',
      })
    })

    describe('refusals write nothing', () => {
      let before: unknown
      beforeAll(async () => {
        expect((await send(poxRequest('replaceResult', sourcedId, '0.7'))).codeMajor).toBe(
          'success',
        )
        before = await stored()
      })

      const replace = (score = '0.1') => poxRequest('replaceResult', sourcedId, score)
      it.each([
        [
          'a wrong secret',
          () => send(replace(), { secret: 'not-the-secret' }),
          401,
          'LTI11_SIGNATURE_INVALID',
        ],
        [
          'an unknown consumer key',
          () => send(replace(), { consumerKey: 'nobody' }),
          401,
          'LTI11_CONSUMER_UNKNOWN',
        ],
        [
          'a stale timestamp',
          () => send(replace(), { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
          401,
          'LTI11_TIMESTAMP_STALE',
        ],
        [
          'a body other than the signed one',
          () => send(replace(), { sentBody: replace('0.99') }),
          401,
          'LTI11_BODY_HASH_INVALID',
        ],
        [
          'malformed XML',
          () => send('<imsx_POXEnvelopeRequest><unclosed>'),
          200,
          'LTI11_POX_MALFORMED',
        ],
        ['a score above 1.0', () => send(replace('1.5')), 200, 'LTI11_POX_SCORE_INVALID'],
        [
          'an altered sourcedId',
          () => send(poxRequest('replaceResult', `${sourcedId}x`, '0.1')),
          200,
          'LTI11_RESULT_SOURCEDID_INVALID',
        ],
      ])('refuses %s', async (_name, run, status, code) => {
        const answer = await run()
        expect(answer.status).toBe(status)
        expect(answer.codeMajor).toBe('failure')
        expect(answer.description).toMatch(new RegExp(`^${code}:`))
        expect(await stored()).toEqual(before)
      })

      it('refuses a request without an OAuth header', async () => {
        const response = await fetch(outcomesUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/xml' },
          body: replace(),
        })
        expect(response.status).toBe(400)
        expect(poxAnswer(await response.text()).codeMajor).toBe('failure')
        expect(await stored()).toEqual(before)
      })

      it('refuses a replayed request', async () => {
        const nonce = crypto.randomUUID()
        expect((await send(replace('0.75'), { nonce })).codeMajor).toBe('success')
        const after = await stored()
        const replayed = await send(replace('0.2'), { nonce })
        expect(replayed).toMatchObject({ status: 401, codeMajor: 'failure' })
        expect(replayed.description).toMatch(/^LTI11_NONCE_REPLAYED:/)
        expect(await stored()).toEqual(after)
        before = after
      })

      it('refuses another tool’s sourcedId, even correctly signed', async () => {
        const other = await register()
        const answer = await send(replace(), { consumerKey: other.body.consumerKey })
        expect(answer).toMatchObject({ status: 200, codeMajor: 'failure' })
        expect(answer.description).toMatch(/^LTI11_RESULT_SOURCEDID_INVALID:/)
        expect(await stored()).toEqual(before)
      })
    })

    it('deletes the result: read gives an empty score and the gradebook none', async () => {
      expect((await send(poxRequest('deleteResult', sourcedId))).codeMajor).toBe('success')
      expect(await send(poxRequest('readResult', sourcedId))).toMatchObject({
        codeMajor: 'success',
        textString: '',
      })
      expect(await gradebookRow()).toMatchObject({ scoreGiven: null, display: null })
      // Deleting again is no error.
      expect((await send(poxRequest('deleteResult', sourcedId))).codeMajor).toBe('success')
    })
  })
})
