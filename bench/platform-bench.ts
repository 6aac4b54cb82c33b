/**
 * `npm run bench` (second part): the platform server's cost per signed launch and per score POST,
 * a child process on a fresh PostgreSQL database, driven over loopback HTTP by this process.
 *
 * - Launch: `GET /courses/{c}/links/{l}/launch` (the signed-in learner's login initiation) plus the
 *   tool's authentication request `GET /lti/authorize`, answered with an RS256 id_token. Its
 *   server CPU is compared with one RS256 signature (2048-bit, jose) measured in this process on
 *   the same machine: the target is at most 1.5 signatures' worth.
 * - Score: `POST .../lineitems/{id}/scores` with a bearer token (checked on every call), each
 *   worker posting for its own learner with increasing timestamps. Target: <= 0.3 ms server CPU.
 *
 * Environment: BENCH_PLATFORM_LAUNCHES (default 2000), BENCH_PLATFORM_SCORES (default 5000),
 * BENCH_PG_URL, BENCH_LTIKIT_ENTRY, BENCH_STRICT=1 to exit 1 when a target is missed.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { SignJWT, generateKeyPair } from 'jose'
import { Agent, request } from 'undici'
import { MEDIA_TYPE, SCOPE } from '../src/core/claims.js'
import { startCertTool, accessToken } from '../test/conformance/platform/cert-tool.js'
import type { RegisteredTool } from '../test/support/platform-harness.js'
import { backendTicksBetween, createBenchDatabase, dropAllBenchDatabases } from './bench-db.js'
import { intFromEnv, runBench } from './bench-process.js'
import { CLK_TCK, assertAlive, cpuTicks } from './children.js'
import type { ChildServer } from './children.js'
import { requireLtikitBuild, spawnLtikit, waitUntilHealthy } from './ltikit-child.js'
import type { BenchAdminApi } from './ltikit-child.js'
import { percentile, runPhase } from './load.js'

const LAUNCHES = intFromEnv('BENCH_PLATFORM_LAUNCHES', 2000)
const SCORES = intFromEnv('BENCH_PLATFORM_SCORES', 5000)
const CONCURRENCY = 20
const LAUNCH_BUDGET_SIGNATURES = 1.5
const SCORE_BUDGET_MS = 0.3
const msPerTick = 1000 / CLK_TCK

/** CPU of one RS256 signature of a launch-sized payload, in this process (ms). */
async function rs256SignatureMs(): Promise<number> {
  const { privateKey } = await generateKeyPair('RS256')
  const payload = { sub: 'x'.repeat(36), claims: 'y'.repeat(1500) }
  const sign = () =>
    new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'k' }).sign(privateKey)
  for (let i = 0; i < 200; i++) await sign()
  const n = 1000
  const start = process.cpuUsage()
  for (let i = 0; i < n; i++) await sign()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000 / n
}

interface Seeded {
  tool: RegisteredTool
  courseId: string
  linkId: string
  lineItemUrl: string
  learners: { id: string; cookie: string }[]
}

async function seed(server: ChildServer, api: BenchAdminApi, toolBase: string): Promise<Seeded> {
  const courseId = (await api<{ id: string }>('POST', '/courses', { title: 'Bench course' })).id
  const tool = await api<RegisteredTool>('POST', '/tools', {
    name: 'Bench tool',
    oidcLoginUrl: `${toolBase}/login`,
    redirectUris: [`${toolBase}/launch`],
    targetLinkUri: `${toolBase}/launch`,
    jwksUrl: `${toolBase}/jwks`,
    customParameters: { user: '$User.id', course: '$Context.title' },
    privacy: { sendName: true, sendEmail: true },
    services: { ags: true, nrps: true, deepLinking: true },
  })
  const link = await api<{ id: string; lineItemId: string }>('POST', `/courses/${courseId}/links`, {
    toolId: tool.id,
    title: 'Bench activity',
    lineItem: { label: 'Bench score', scoreMaximum: 100 },
  })
  const learners: Seeded['learners'] = []
  for (let i = 0; i < CONCURRENCY; i++) {
    const email = `bench-${i}@example.test`
    const password = `bench-password-${i}`
    const { id } = await api<{ id: string }>('POST', '/users', {
      name: `Bench Learner ${i}`,
      email,
      password,
    })
    await api('POST', `/courses/${courseId}/enrollments`, { userId: id, roles: ['Learner'] })
    const login = await fetch(`${server.baseUrl}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password }).toString(),
      redirect: 'manual',
    })
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? ''
    if (!cookie) throw new Error(`sign-in of ${email} failed: ${login.status}`)
    learners.push({ id, cookie })
  }
  const lineItemUrl = `${tool.issuer}/lti/contexts/${courseId}/lineitems/${link.lineItemId}`
  return { tool, courseId, linkId: link.id, lineItemUrl, learners }
}

interface Row {
  operation: string
  count: number
  perSec: number
  p50Ms: number
  p99Ms: number
  serverCpuMs: number
  dbCpuMs: number
  errors: number
  errorSamples: string[]
}

async function measure(
  operation: string,
  count: number,
  server: ChildServer,
  db: { backendTicks(): Promise<Map<number, number>> },
  once: (worker: number) => Promise<void>,
): Promise<Row> {
  // A learner is used by one request at a time, so one learner's scores never race each other.
  const free = Array.from({ length: CONCURRENCY }, (_, i) => i)
  const withSlot = async (): Promise<void> => {
    const slot = free.pop() as number
    try {
      await once(slot)
    } finally {
      free.push(slot)
    }
  }
  const warm = await runPhase(Math.min(500, count), CONCURRENCY, withSlot)
  if (warm.errors > 0) throw new Error(`${operation} warm-up failed: ${warm.errorSamples[0]}`)
  const server0 = cpuTicks(server.pid)
  const db0 = await db.backendTicks()
  const sample = await runPhase(count, CONCURRENCY, withSlot)
  const server1 = cpuTicks(server.pid)
  const db1 = await db.backendTicks()
  assertAlive(server)
  if (server0 === undefined || server1 === undefined) throw new Error('no /proc for the server')
  return {
    operation,
    count,
    perSec: (count - sample.errors) / (sample.wallMs / 1000),
    p50Ms: percentile(sample.latenciesMs, 50),
    p99Ms: percentile(sample.latenciesMs, 99),
    serverCpuMs: ((server1 - server0) * msPerTick) / count,
    dbCpuMs: (backendTicksBetween(db0, db1) * msPerTick) / count,
    errors: sample.errors,
    errorSamples: sample.errorSamples,
  }
}

async function main(): Promise<number> {
  requireLtikitBuild()
  const signatureMs = await rs256SignatureMs()
  console.log(`\nplatform: one RS256 signature costs ${signatureMs.toFixed(3)} ms CPU here`)
  const certTool = await startCertTool()
  const db = await createBenchDatabase('platform')
  const { server, api } = await spawnLtikit('platform', 'platform', db.url)
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 64 })
  try {
    await waitUntilHealthy(server)
    const seeded = await seed(server, api, certTool.baseUrl)
    const { tool } = seeded

    const launchOnce = async (slot: number): Promise<void> => {
      const learner = seeded.learners[slot] as Seeded['learners'][number]
      const start = await request(
        `${server.baseUrl}/courses/${seeded.courseId}/links/${seeded.linkId}/launch`,
        { dispatcher, headers: { cookie: learner.cookie } },
      )
      await start.body.dump()
      if (start.statusCode !== 302) throw new Error(`launch start ${start.statusCode}`)
      const login = new URL(String(start.headers.location))
      const query = new URLSearchParams({
        scope: 'openid',
        response_type: 'id_token',
        response_mode: 'form_post',
        prompt: 'none',
        client_id: tool.clientId,
        redirect_uri: `${certTool.baseUrl}/launch`,
        login_hint: login.searchParams.get('login_hint') ?? '',
        lti_message_hint: login.searchParams.get('lti_message_hint') ?? '',
        state: randomBytes(12).toString('base64url'),
        nonce: randomBytes(12).toString('base64url'),
      })
      const auth = await request(`${server.baseUrl}/lti/authorize?${query}`, {
        dispatcher,
        headers: { cookie: learner.cookie },
      })
      const html = await auth.body.text()
      if (auth.statusCode !== 200 || !html.includes('name="id_token"')) {
        throw new Error(`authorize ${auth.statusCode}: ${html.slice(0, 200)}`)
      }
    }

    const token = await accessToken(tool, certTool, [SCOPE.agsScore])
    const scoreUrl = `${seeded.lineItemUrl.replace(tool.issuer, server.baseUrl)}/scores`
    let tick = Date.now()
    const scoreOnce = async (slot: number): Promise<void> => {
      const learner = seeded.learners[slot] as Seeded['learners'][number]
      const response = await request(scoreUrl, {
        method: 'POST',
        dispatcher,
        headers: { authorization: `Bearer ${token}`, 'content-type': MEDIA_TYPE.score },
        body: JSON.stringify({
          userId: learner.id,
          scoreGiven: (tick % 100) + 0.5,
          scoreMaximum: 100,
          activityProgress: 'Completed',
          gradingProgress: 'FullyGraded',
          timestamp: new Date(++tick).toISOString(),
        }),
      })
      await response.body.dump()
      if (response.statusCode >= 300) throw new Error(`score POST ${response.statusCode}`)
    }

    const rows = [
      await measure('signed launch', LAUNCHES, server, db, launchOnce),
      await measure('score POST', SCORES, server, db, scoreOnce),
    ]
    return report(rows, signatureMs)
  } finally {
    await dispatcher.close()
    await server.stop()
    await certTool.close()
    await dropAllBenchDatabases()
  }
}

function report(rows: Row[], signatureMs: number): number {
  console.log('')
  console.log('operation        c   ops/s   p50 ms  p99 ms  server CPU ms/op  db CPU ms/op  errors')
  for (const r of rows) {
    console.log(
      `${r.operation.padEnd(15)} ${String(CONCURRENCY).padStart(2)} ${r.perSec.toFixed(0).padStart(7)} ` +
        `${r.p50Ms.toFixed(2).padStart(8)} ${r.p99Ms.toFixed(2).padStart(7)} ` +
        `${r.serverCpuMs.toFixed(3).padStart(17)} ${r.dbCpuMs.toFixed(3).padStart(13)}  ${r.errors}/${r.count}`,
    )
    if (r.errors) console.log(`  first errors: ${r.errorSamples.join('; ')}`)
  }
  const [launch, score] = rows as [Row, Row]
  const launchSignatures = launch.serverCpuMs / signatureMs
  const targets = [
    {
      name: 'platform CPU per signed launch, in RS256 signatures',
      value: launchSignatures,
      goal: `<= ${LAUNCH_BUDGET_SIGNATURES}`,
      met: launchSignatures <= LAUNCH_BUDGET_SIGNATURES,
    },
    {
      name: 'platform CPU per score POST (ms)',
      value: score.serverCpuMs,
      goal: `<= ${SCORE_BUDGET_MS}`,
      met: score.serverCpuMs <= SCORE_BUDGET_MS,
    },
    {
      name: 'platform errors',
      value: launch.errors + score.errors,
      goal: '= 0',
      met: launch.errors + score.errors === 0,
    },
  ]
  console.log('\nPlatform targets')
  for (const t of targets) {
    console.log(
      `  ${t.met ? 'MET   ' : 'MISSED'} ${t.name}: ${t.value.toFixed(3)} (goal ${t.goal})`,
    )
  }
  mkdirSync('.bench', { recursive: true })
  writeFileSync(
    '.bench/platform-results.json',
    JSON.stringify({ signatureMs, concurrency: CONCURRENCY, rows, targets }, null, 2),
  )
  const missed = targets.some((t) => !t.met)
  return targets[2]!.met === false || (process.env.BENCH_STRICT === '1' && missed) ? 1 : 0
}

runBench(main)
