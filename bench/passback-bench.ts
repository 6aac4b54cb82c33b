/**
 * `npm run bench` (third part): grade passback through the durable queue, end to end. The tool
 * server (`ltikit tool`, a child process on a fresh PostgreSQL database, passback worker on)
 * takes results through `POST /api/workspaces/{ws}/attempts/{id}/results` as fast as 20 clients
 * (by default) can send them; its worker posts each improving score to the AGS emulator, which runs in this
 * process (cheap, so the tool's cost dominates). Every learner's scores strictly improve, one
 * result of a learner in flight at a time, so best-of-N should post every one of them.
 *
 * Reported: results accepted/s (202s over the sending phase); scores posted/s from the first
 * result sent to the last score received; tool and database CPU (from /proc) per posted score,
 * over the whole window (taking the results and posting them) and over the drain after the last
 * 202 (the worker alone); latency from a result's 202 to its score reaching the LMS; errors.
 * Then the latency of an idle queue: one result at a time, each waited for at the LMS (the
 * worker sleeps `pollMs` when idle). A warm-up (access token, line item, JIT) comes first.
 *
 * Environment: BENCH_PASSBACK_LEARNERS (50, at most 500), BENCH_PASSBACK_RESULTS (2000),
 * BENCH_PASSBACK_WARMUP (500), BENCH_PASSBACK_CLIENTS (20), BENCH_PASSBACK_CONCURRENCY (the
 * worker's, 4: the server default), BENCH_PASSBACK_POLL_MS (100), BENCH_PASSBACK_TIMEOUT_MS
 * (120000), BENCH_PASSBACK_PROBES (50), BENCH_PG_URL, BENCH_LTIKIT_ENTRY.
 */
import pg from 'pg'
import { Agent, request } from 'undici'
import { systemClock } from '../src/core/ports.js'
import { createRemoteKeySets } from '../src/core/security/remote-jwks.js'
import { startLmsEmulator } from '../test/support/lms-emulator.js'
import { startAgsEmulator, type AgsEmulator } from '../test/support/lms-emulator-ags.js'
import { backendTicksBetween, dropAllBenchDatabases } from './bench-db.js'
import { intFromEnv, runBench } from './bench-process.js'
import { CLK_TCK, assertAlive, cpuTicks } from './children.js'
import { reportPassback, scoreKey, type SendSample } from './passback-report.js'
import { startPassbackTarget, type PassbackTarget } from './passback-seed.js'

const config = {
  learners: Math.min(500, intFromEnv('BENCH_PASSBACK_LEARNERS', 50)),
  results: intFromEnv('BENCH_PASSBACK_RESULTS', 2000),
  warmup: intFromEnv('BENCH_PASSBACK_WARMUP', 500),
  clients: intFromEnv('BENCH_PASSBACK_CLIENTS', 20),
  worker: {
    concurrency: intFromEnv('BENCH_PASSBACK_CONCURRENCY', 4),
    pollMs: Math.max(50, intFromEnv('BENCH_PASSBACK_POLL_MS', 100)),
  },
  probes: intFromEnv('BENCH_PASSBACK_PROBES', 50),
  timeoutMs: intFromEnv('BENCH_PASSBACK_TIMEOUT_MS', 120_000),
  lms: 'AGS emulator (test/support/lms-emulator-ags.ts) in the bench process',
}
const msPerTick = 1000 / CLK_TCK
const now = () => performance.now()

/** One result to report: learner index and score (0..100). */
interface Planned {
  readonly learner: number
  readonly score: number
}

/** `count` results round-robin over the learners, each learner's scores rising over (lo, hi]. */
function plan(count: number, learners: number, lo: number, hi: number): Planned[] {
  const rounds = Math.ceil(count / learners)
  const items: Planned[] = []
  for (let k = 0; items.length < count; k++) {
    const score = Number((lo + ((hi - lo) * (k + 1)) / rounds).toFixed(3))
    for (let i = 0; i < learners && items.length < count; i++) items.push({ learner: i, score })
  }
  return items
}

/** Sends the results with `config.clients` clients; a learner's next waits for its previous. */
async function sendResults(
  target: PassbackTarget,
  dispatcher: Agent,
  items: Planned[],
): Promise<SendSample> {
  const ackedAt = new Map<string, number>()
  const latenciesMs: number[] = []
  const errorSamples: string[] = []
  let errors = 0
  const previous = new Map<number, Promise<void>>()
  const sendOne = async ({ learner, score }: Planned): Promise<void> => {
    const { sub, attemptId } = target.learners[learner] as PassbackTarget['learners'][number]
    const start = now()
    try {
      const response = await request(
        `${target.server.baseUrl}${target.workspacePath}/attempts/${attemptId}/results`,
        {
          method: 'POST',
          dispatcher,
          headers: {
            authorization: `Bearer ${target.adminToken}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ score }),
        },
      )
      const body = await response.body.text()
      if (response.statusCode !== 202) throw new Error(`${response.statusCode} ${body}`)
      ackedAt.set(scoreKey(sub, score), now())
      latenciesMs.push(now() - start)
    } catch (err) {
      errors++
      if (errorSamples.length < 5) errorSamples.push(String(err))
    }
  }
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as Planned
      const sent = (previous.get(item.learner) ?? Promise.resolve()).then(() => sendOne(item))
      previous.set(item.learner, sent)
      await sent
    }
  }
  const start = now()
  await Promise.all(Array.from({ length: Math.min(config.clients, items.length) }, lane))
  latenciesMs.sort((a, b) => a - b)
  return { wallMs: now() - start, ackedAt, latenciesMs, errors, errorSamples }
}

/** Arrival time (performance.now) of each score the emulator accepts, by index. */
function trackArrivals(ags: AgsEmulator): number[] {
  const times: number[] = []
  const follow = (): void => {
    void ags.waitForScores(times.length + 1).then(() => {
      const at = now()
      while (times.length < ags.scores.length) times.push(at)
      follow()
    })
  }
  follow()
  return times
}

/**
 * Waits until the emulator holds every learner's last score of `items` (arrived after index
 * `from`); false after `config.timeoutMs`. Event-driven: no polling of the tool.
 */
async function awaitFinalScores(
  ags: AgsEmulator,
  target: PassbackTarget,
  items: Planned[],
  from: number,
): Promise<boolean> {
  const missing = new Set<string>()
  const last = new Map<number, number>()
  for (const item of items) last.set(item.learner, item.score)
  for (const [learner, score] of last) missing.add(scoreKey(target.learners[learner]!.sub, score))
  const deadline = now() + config.timeoutMs
  let seen = from
  while (missing.size > 0 && now() < deadline) {
    for (; seen < ags.scores.length; seen++) {
      const { score } = ags.scores[seen]!
      missing.delete(scoreKey(score.userId, score.scoreGiven ?? Number.NaN))
    }
    if (missing.size === 0) break
    assertAlive(target.server)
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      ags.waitForScores(seen + 1),
      new Promise((resolve) => (timer = setTimeout(resolve, 1000))),
    ])
    clearTimeout(timer)
  }
  return missing.size === 0
}

/** Job states in the tool's database, until none is pending or running (at most 10 s). */
async function settledJobStates(client: pg.Client): Promise<Record<string, number>> {
  const deadline = now() + 10_000
  for (;;) {
    const { rows } = await client.query<{ state: string; n: number }>(
      'SELECT state, count(*)::int AS n FROM passback_jobs GROUP BY state',
    )
    const states = Object.fromEntries(rows.map((r) => [r.state, r.n]))
    if ((!states.pending && !states.running) || now() > deadline) return states
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

async function main(): Promise<number> {
  const lms = await startLmsEmulator({ clientId: 'bench-client', deploymentId: 'bench-deployment' })
  const ags = await startAgsEmulator({
    clientId: lms.clientId,
    // Client assertions are verified against the tool's JWKS: once, the token is then cached.
    toolKeys: createRemoteKeySets({ fetch: (u, i) => fetch(u, i), clock: systemClock }),
  })
  const arrivals = trackArrivals(ags)
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 64 })
  let target: PassbackTarget | undefined
  let poller: pg.Client | undefined
  try {
    console.log(
      `\npassback: ${config.learners} learners, worker concurrency ${config.worker.concurrency}`,
    )
    target = await startPassbackTarget(lms, ags, config.learners, config.worker)
    poller = new pg.Client({ connectionString: target.db.url })
    await poller.connect()
    const { rows } = await poller.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
    const pollerPid = rows[0]!.pid
    const dbTicks = async () => {
      const ticks = await target!.db.backendTicks()
      ticks.delete(pollerPid)
      return ticks
    }

    const warmItems = plan(config.warmup, config.learners, 0, 10)
    const warm = await sendResults(target, dispatcher, warmItems)
    if (warm.errors > 0) throw new Error(`warm-up results refused: ${warm.errorSamples[0]}`)
    if (!(await awaitFinalScores(ags, target, warmItems, 0))) {
      throw new Error(`warm-up scores did not all arrive:\n${target.server.output()}`)
    }
    const statesBefore = await settledJobStates(poller)
    console.log(`passback: warm-up of ${config.warmup} results posted; measuring ${config.results}`)

    const items = plan(config.results, config.learners, 10, 90)
    const base = ags.scores.length
    const requestsBase = ags.requests.length
    const server0 = cpuTicks(target.server.pid)
    const db0 = await dbTicks()
    const self0 = process.cpuUsage()
    const t0 = now()
    const sent = await sendResults(target, dispatcher, items)
    const tAccepted = now()
    const serverAccepted = cpuTicks(target.server.pid)
    const dbAccepted = await dbTicks()
    const countAccepted = ags.scores.length - base
    const complete = await awaitFinalScores(ags, target, items, base)
    const tFinal = now()
    const statesAfter = await settledJobStates(poller)
    // This window's jobs only: the warm-up's had all settled before it.
    const jobStates = Object.fromEntries(
      Object.entries(statesAfter).map(([state, n]) => [state, n - (statesBefore[state] ?? 0)]),
    )
    const server1 = cpuTicks(target.server.pid)
    const db1 = await dbTicks()
    const self = process.cpuUsage(self0)
    const windowEnd = ags.scores.length
    const requestsEnd = ags.requests.length
    assertAlive(target.server)
    if (server0 === undefined || server1 === undefined || serverAccepted === undefined) {
      throw new Error('no /proc entry for the tool server')
    }
    // Idle queue: one result at a time, each waited for at the LMS before the next is sent, after
    // a random pause (sent at once, each would land at the start of the worker's idle sleep).
    const probeLagMs: number[] = []
    for (const item of complete ? plan(config.probes, config.learners, 90, 100) : []) {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * config.worker.pollMs))
      const before = ags.scores.length
      const one = await sendResults(target, dispatcher, [item])
      if (one.errors > 0) throw new Error(`probe result refused: ${one.errorSamples[0]}`)
      if (!(await awaitFinalScores(ags, target, [item], before))) {
        throw new Error('a probe score did not arrive')
      }
      probeLagMs.push((arrivals[before] ?? now()) - [...one.ackedAt.values()][0]!)
    }
    probeLagMs.sort((a, b) => a - b)
    return reportPassback(
      {
        probeLagMs,
        resultsSent: items.length,
        sent,
        scores: ags.scores.slice(base, windowEnd).map((s) => s.score),
        times: arrivals.slice(base, windowEnd),
        lmsAnswers: ags.requests.slice(requestsBase, requestsEnd).map((r) => r.status),
        complete,
        jobStates,
        t0,
        tAccepted,
        tFinal,
        countAccepted,
        serverMs: (server1 - server0) * msPerTick,
        serverDrainMs: (server1 - serverAccepted) * msPerTick,
        dbMs: backendTicksBetween(db0, db1) * msPerTick,
        dbDrainMs: backendTicksBetween(dbAccepted, db1) * msPerTick,
        selfMs: (self.user + self.system) / 1000,
      },
      config,
    )
  } finally {
    await poller?.end().catch(() => undefined)
    await dispatcher.close()
    await target?.server.stop()
    await ags.close()
    await lms.close()
    await dropAllBenchDatabases()
  }
}

runBench(main, { cleanUpOnSignal: true })
