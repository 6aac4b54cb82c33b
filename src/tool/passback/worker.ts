/**
 * The passback worker: polls the durable queue, runs claimed jobs a few at a time and records
 * how each ended. Any number of workers may share one database; the queue's atomic claim keeps
 * each job in one run at a time.
 */
import { randomString } from '../../core/lib/random.js'
import type { Clock } from '../../core/ports.js'
import type { PassbackJob, PassbackOutcome, PassbackQueue } from '../ports.js'

/** Waits `ms`, or less when `signal` aborts; never rejects. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>

export interface PassbackWorkerOptions {
  readonly queue: PassbackQueue
  readonly processor: { run(job: PassbackJob): Promise<PassbackOutcome> }
  readonly clock: Clock
  readonly sleep?: Sleep
  /** Jobs claimed per round; default 10. */
  readonly batchSize?: number
  /** Jobs of a round run at once; default 4. */
  readonly concurrency?: number
  /** Pause after a round that found less than a full batch; default 1 s. */
  readonly pollMs?: number
  /** How long a claim holds a job before another worker may take it; default 2 min. */
  readonly leaseMs?: number
  /** Errors of the loop itself (the database unreachable, say). */
  readonly onError?: (error: unknown) => void
  /** Every finished run, for logs and metrics. */
  readonly onOutcome?: (job: PassbackJob, outcome: PassbackOutcome, applied: boolean) => void
}

/** Counters since the worker was made. */
export interface PassbackWorkerStats {
  claimed: number
  posted: number
  superseded: number
  retried: number
  failed: number
  notApplicable: number
  /** Outcomes not applied because the lease had passed to another run. */
  lost: number
}

export interface PassbackWorker {
  /** Claims one batch of due jobs and runs it; resolves with the number claimed. */
  runOnce(): Promise<number>
  /** Runs rounds (and waits for the background loop's) until no job is due; returns the count. */
  drain(): Promise<number>
  /** Starts the background loop; a no-op when running. */
  start(): void
  /** Stops the loop and waits for the runs in progress. */
  close(): Promise<void>
  readonly stats: Readonly<PassbackWorkerStats>
}

export const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })

/**
 * Creates a worker over `queue`. Its clock, sleep and processor (and through it fetch) are
 * injected, so tests drive rounds with `runOnce` and a fixed clock.
 */
export function createPassbackWorker(options: PassbackWorkerOptions): PassbackWorker {
  const { queue, processor, clock } = options
  const sleep = options.sleep ?? defaultSleep
  const batchSize = options.batchSize ?? 10
  const concurrency = Math.max(1, options.concurrency ?? 4)
  const pollMs = options.pollMs ?? 1000
  const leaseMs = options.leaseMs ?? 120_000
  const stats: PassbackWorkerStats = {
    claimed: 0,
    posted: 0,
    superseded: 0,
    retried: 0,
    failed: 0,
    notApplicable: 0,
    lost: 0,
  }
  const rounds = new Set<Promise<number>>()
  let loop: Promise<void> | undefined
  let stop = new AbortController()

  async function finish(job: PassbackJob): Promise<void> {
    const outcome = await processor.run(job)
    const applied = await queue.complete(job, outcome, clock.now())
    if (!applied) stats.lost += 1
    else if (outcome.state === 'succeeded') {
      if (outcome.postedScore === undefined) stats.superseded += 1
      else stats.posted += 1
    } else if (outcome.state === 'pending') stats.retried += 1
    else if (outcome.state === 'failed') stats.failed += 1
    else stats.notApplicable += 1
    options.onOutcome?.(job, outcome, applied)
  }

  async function round(): Promise<number> {
    const jobs = await queue.claim({
      now: clock.now(),
      limit: batchSize,
      leaseMs,
      token: randomString(),
    })
    stats.claimed += jobs.length
    let next = 0
    const lane = async () => {
      while (next < jobs.length) {
        const job = jobs[next++] as PassbackJob
        // A job whose outcome cannot be stored stays leased; it runs again after the lease.
        await finish(job).catch((error: unknown) => options.onError?.(error))
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, lane))
    return jobs.length
  }

  function runOnce(): Promise<number> {
    const running = round()
    rounds.add(running)
    const forget = () => rounds.delete(running)
    running.then(forget, forget)
    return running
  }

  async function background(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let claimed = 0
      try {
        claimed = await runOnce()
      } catch (error) {
        options.onError?.(error)
      }
      if (claimed < batchSize && !signal.aborted) await sleep(pollMs, signal)
    }
  }

  return {
    runOnce,
    async drain() {
      let total = 0
      for (;;) {
        await Promise.allSettled([...rounds])
        const claimed = await runOnce()
        total += claimed
        if (claimed === 0 && rounds.size === 0) return total
      }
    },
    start() {
      if (loop) return
      stop = new AbortController()
      loop = background(stop.signal)
    },
    async close() {
      stop.abort()
      await loop
      loop = undefined
      await Promise.allSettled([...rounds])
    },
    stats,
  }
}
