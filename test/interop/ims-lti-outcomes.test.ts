/**
 * Interop with a real LTI 1.1 peer (issue #7): the npm package `ims-lti` (v3) runs as a tool
 * provider behind a small HTTP server registered on our platform as an LTI 1.1 tool. A learner's
 * browser posts our signed launch to it; ims-lti validates the OAuth 1.0a signature, then sends
 * a replaceResult through our Basic Outcomes endpoint (signed with the body hash), which lands in
 * our gradebook, and reads it back. A provider holding another secret refuses our launch.
 */
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/databases.js'
import { startTestPlatform } from '../support/platform-harness.js'
import type { TestPlatform, TestUser } from '../support/platform-harness.js'
import { TestBrowser, readForm } from './browser.js'

type Callback<T> = (error: Error | null, result: T) => void
interface OutcomeService {
  send_replace_result(score: number, callback: Callback<boolean>): void
  send_read_result(callback: Callback<number>): void
}
interface Provider {
  valid_request(
    req: IncomingMessage,
    body: Record<string, string>,
    callback: Callback<boolean>,
  ): void
  outcome_service: OutcomeService | false
  userId: string
  student: boolean
  context_id: string
  body: Record<string, unknown>
}
const lti = createRequire(import.meta.url)('ims-lti') as {
  Provider: new (key: string, secret: string) => Provider
}

const KEY = 'ims-lti-interop'
const SECRET = 'ims-lti-interop-secret'

/** What the tool made of one launch: its verdict and, once valid, what it did with the grade. */
interface ToolReport {
  valid: boolean
  error?: string
  userId?: string
  student?: boolean
  contextId?: string
  custom?: unknown
  replaced?: boolean
  readBack?: number
}

/**
 * The 1.1 tool: POST /launch validates with ims-lti and, for a graded launch, posts 0.85 through
 * Basic Outcomes and reads it back before answering with a JSON report. `?secret=wrong` makes
 * the provider hold another secret.
 */
function startTool(): Promise<Server> {
  const promisify =
    <T>(run: (callback: Callback<T>) => void) =>
    () =>
      new Promise<T>((resolve, reject) =>
        run((error, result) => (error ? reject(error) : resolve(result))),
      )
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')))
    const url = new URL(req.url ?? '/', 'http://tool.invalid')
    const provider = new lti.Provider(
      KEY,
      url.searchParams.get('secret') === 'wrong' ? 'x' : SECRET,
    )
    const report: ToolReport = { valid: false }
    try {
      report.valid = await promisify<boolean>((cb) => provider.valid_request(req, body, cb))()
      report.userId = provider.userId
      report.student = provider.student
      report.contextId = provider.context_id
      report.custom = provider.body.custom_greeting
      const outcomes = provider.outcome_service
      if (outcomes) {
        report.replaced = await promisify<boolean>((cb) => outcomes.send_replace_result(0.85, cb))()
        report.readBack = await promisify<number>((cb) => outcomes.send_read_result(cb))()
      }
    } catch (error) {
      report.error = `${(error as Error).name}: ${(error as Error).message}`
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(report))
  }
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)))
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

for (const dialect of DIALECTS) {
  describe(`ims-lti as an LTI 1.1 tool on our platform (${dialect})`, () => {
    let platform: TestPlatform
    let tool: Server
    let toolBase: string
    let courseId: string
    let learner: TestUser

    beforeAll(async () => {
      platform = await startTestPlatform(dialect)
      tool = await startTool()
      toolBase = `http://127.0.0.1:${(tool.address() as AddressInfo).port}`
      courseId = await platform.createCourse({ title: 'Interop 101', label: 'INT101' })
      learner = await platform.createUser({ name: 'Grace Hopper' })
      await platform.enroll(courseId, learner.id, ['Learner'])
    })
    afterAll(async () => {
      await platform?.close()
      await new Promise((resolve) => tool?.close(resolve))
    })

    async function placeTool(query: string, consumerKey: string) {
      const registered = await platform.api('/lti11-tools', {
        method: 'POST',
        body: {
          name: 'ims-lti tool',
          launchUrl: `${toolBase}/launch${query}`,
          consumerKey,
          sharedSecret: SECRET,
          // Characters OAuth encodes specially (RFC 3986 §2.3), through both implementations.
          customParameters: { greeting: "Grüße & co! (it's *fine*)", course: '$Context.title' },
          privacy: { sendName: true, sendEmail: false },
        },
      })
      expect(registered.status).toBe(201)
      return platform.addLink(courseId, {
        toolId: registered.body.id,
        title: 'Interop quiz',
        lineItem: { label: 'Interop quiz', scoreMaximum: 10 },
      })
    }

    /** A learner's browser: open the launch page, then post its form to the tool. */
    async function launch(linkId: string): Promise<ToolReport> {
      const browser = new TestBrowser({ [platform.url]: await platform.signIn(learner) })
      const [page] = await browser.follow(
        `${platform.url}/courses/${courseId}/links/${linkId}/launch`,
      )
      expect(page?.status).toBe(200)
      const form = readForm(page?.body ?? '')
      const posted = await browser.request(form.action, { form: form.fields })
      expect(posted.status).toBe(200)
      return JSON.parse(posted.body) as ToolReport
    }

    it('validates our launch and its grade lands in our gradebook', async () => {
      const link = await placeTool('', KEY)
      const report = await launch(link.id)
      expect(report).toEqual({
        valid: true,
        userId: learner.id,
        student: true,
        contextId: courseId,
        custom: "Grüße & co! (it's *fine*)",
        replaced: true,
        readBack: 0.85,
      })
      const gradebook = await platform.api(`/courses/${courseId}/gradebook`)
      expect(gradebook.body).toContainEqual(
        expect.objectContaining({
          userId: learner.id,
          linkId: link.id,
          lineItemId: link.lineItemId,
          scoreGiven: 8.5,
          scoreMaximum: 10,
          gradingProgress: 'FullyGraded',
          display: '8.5 / 10',
        }),
      )
    })

    it('is refused by a provider holding another secret, and no grade is sent', async () => {
      const link = await placeTool('?secret=wrong', `${KEY}-2`)
      const report = await launch(link.id)
      expect(report.valid).toBe(false)
      expect(report.error).toMatch(/Invalid Signature/)
      const gradebook = (await platform.api(`/courses/${courseId}/gradebook`)).body as {
        linkId: string
      }[]
      expect(gradebook.filter((row) => row.linkId === link.id)).toEqual([])
    })
  })
}
