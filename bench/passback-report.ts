/**
 * The passback bench's figures: throughput, CPU per posted score, latency and the correctness
 * checks (every score exactly once, in rising order), on the console and in
 * `.bench/passback-results.json`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { percentile } from './load.js'

/** What sending a batch of results through the attempts API gave. */
export interface SendSample {
  readonly wallMs: number
  /** When each result's 202 came back (performance.now), by {@link scoreKey}. */
  readonly ackedAt: Map<string, number>
  /** API latency of each accepted result, ascending. */
  readonly latenciesMs: number[]
  readonly errors: number
  readonly errorSamples: string[]
}

/** Everything the bench measured, times from performance.now and CPU in ms. */
export interface PassbackMeasurement {
  /** Enqueue-to-post latency of the idle-queue probes, ascending. */
  probeLagMs: number[]
  resultsSent: number
  sent: SendSample
  /** The scores the LMS accepted in the window, in arrival order, and when each arrived. */
  scores: { userId: string; scoreGiven?: number }[]
  times: number[]
  lmsAnswers: number[]
  complete: boolean
  jobStates: Record<string, number>
  t0: number
  tAccepted: number
  tFinal: number
  countAccepted: number
  serverMs: number
  serverDrainMs: number
  dbMs: number
  dbDrainMs: number
  selfMs: number
}

/** The settings printed beside the figures. */
export interface PassbackBenchConfig {
  readonly clients: number
  readonly worker: { readonly pollMs: number; readonly concurrency: number }
  readonly [more: string]: unknown
}

/** The key of one learner's score, shared by the sender and the receiver. */
export const scoreKey = (sub: string, score: number): string => `${sub}\n${score}`

/**
 * Prints the figures, checks every score landed exactly once and in rising order per learner,
 * writes `.bench/passback-results.json` and returns the exit code (1 on any error).
 */
export function reportPassback(m: PassbackMeasurement, config: PassbackBenchConfig): number {
  const received = m.scores.length
  const lastAt = m.times.length ? Math.max(...m.times) : m.tFinal
  const endToEndMs = lastAt - m.t0
  // Exactly once per improvement, in rising order per learner.
  const seen = new Set<string>()
  const best = new Map<string, number>()
  let duplicates = 0
  let outOfOrder = 0
  const lagMs: number[] = []
  m.scores.forEach((score, i) => {
    const given = score.scoreGiven ?? Number.NaN
    const key = scoreKey(score.userId, given)
    if (seen.has(key)) duplicates++
    seen.add(key)
    if (given <= (best.get(score.userId) ?? -1)) outOfOrder++
    best.set(score.userId, Math.max(given, best.get(score.userId) ?? -1))
    const acked = m.sent.ackedAt.get(key)
    if (acked !== undefined) lagMs.push(m.times[i]! - acked)
  })
  lagMs.sort((a, b) => a - b)
  const lmsRefusals = m.lmsAnswers.filter((s) => s < 200 || s >= 300).length
  const failedJobs = (m.jobStates.failed ?? 0) + (m.jobStates.not_applicable ?? 0)
  const drained = received - m.countAccepted
  const results = {
    resultsSent: m.resultsSent,
    resultsAccepted: m.resultsSent - m.sent.errors,
    acceptWallMs: m.tAccepted - m.t0,
    resultsAcceptedPerSec: (m.resultsSent - m.sent.errors) / ((m.tAccepted - m.t0) / 1000),
    apiP50Ms: percentile(m.sent.latenciesMs, 50),
    apiP99Ms: percentile(m.sent.latenciesMs, 99),
    scoresReceived: received,
    scoresReceivedWhileAccepting: m.countAccepted,
    endToEndMs,
    scoresPostedPerSec: received / (endToEndMs / 1000),
    enqueueToPostP50Ms: percentile(lagMs, 50),
    enqueueToPostP99Ms: percentile(lagMs, 99),
    idleQueue: {
      probes: m.probeLagMs.length,
      enqueueToPostP50Ms: percentile(m.probeLagMs, 50),
      enqueueToPostP99Ms: percentile(m.probeLagMs, 99),
    },
    toolCpuMsPerScore: m.serverMs / received,
    dbCpuMsPerScore: m.dbMs / received,
    drainOnly: {
      scores: drained,
      wallMs: lastAt - m.tAccepted,
      scoresPerSec: drained / ((lastAt - m.tAccepted) / 1000),
      toolCpuMsPerScore: m.serverDrainMs / drained,
      dbCpuMsPerScore: m.dbDrainMs / drained,
    },
    benchProcessCpuMsPerScore: m.selfMs / received,
    errors: {
      apiRefused: m.sent.errors,
      apiErrorSamples: m.sent.errorSamples,
      finalScoresMissing: !m.complete,
      duplicates,
      outOfOrder,
      lmsNon2xx: lmsRefusals,
      jobsFailedOrNotApplicable: failedJobs,
      notPosted: m.resultsSent - received,
    },
    jobStates: m.jobStates,
  }
  const f = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a')
  const r = results
  console.log('')
  console.log(
    `results accepted (202)   ${r.resultsAccepted}/${r.resultsSent} in ${f(r.acceptWallMs, 0)} ms: ${f(r.resultsAcceptedPerSec)}/s (API p50 ${f(r.apiP50Ms, 2)} ms, p99 ${f(r.apiP99Ms, 2)} ms, ${config.clients} clients)`,
  )
  console.log(
    `scores posted to the LMS ${received} in ${f(endToEndMs, 0)} ms, first result sent to last score received: ${f(r.scoresPostedPerSec)}/s`,
  )
  console.log(
    `  while accepting: ${m.countAccepted}; drain after the last 202: ${drained} in ${f(r.drainOnly.wallMs, 0)} ms (${f(r.drainOnly.scoresPerSec)}/s)`,
  )
  console.log(
    `enqueue (202) to post    p50 ${f(r.enqueueToPostP50Ms)} ms, p99 ${f(r.enqueueToPostP99Ms)} ms under the burst (queueing); idle queue (${r.idleQueue.probes} one at a time, poll ${config.worker.pollMs} ms) p50 ${f(r.idleQueue.enqueueToPostP50Ms)} ms, p99 ${f(r.idleQueue.enqueueToPostP99Ms)} ms`,
  )
  console.log(
    `tool CPU per score       ${f(r.toolCpuMsPerScore, 3)} ms (taking the result + posting it); drain only ${f(r.drainOnly.toolCpuMsPerScore, 3)} ms`,
  )
  console.log(
    `DB CPU per score         ${f(r.dbCpuMsPerScore, 3)} ms; drain only ${f(r.drainOnly.dbCpuMsPerScore, 3)} ms`,
  )
  console.log(
    `bench process CPU/score  ${f(r.benchProcessCpuMsPerScore, 3)} ms (load generator + LMS emulator)`,
  )
  console.log(`errors                   ${JSON.stringify(r.errors)}`)
  console.log(`job states               ${JSON.stringify(m.jobStates)}`)
  const machine = { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }
  mkdirSync('.bench', { recursive: true })
  writeFileSync(
    '.bench/passback-results.json',
    `${JSON.stringify({ date: new Date().toISOString(), machine, config, results }, null, 2)}\n`,
  )
  console.log('\nwrote .bench/passback-results.json')
  const e = r.errors
  const bad =
    e.apiRefused + e.duplicates + e.outOfOrder + e.jobsFailedOrNotApplicable > 0 ||
    e.finalScoresMissing
  return bad ? 1 : 0
}
