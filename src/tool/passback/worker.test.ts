import { describe, expect, it } from 'vitest'
import type { PassbackJob, PassbackOutcome, PassbackQueue } from '../ports.js'
import { createPassbackWorker, defaultSleep } from './worker.js'

const clock = { now: () => 1000 }

function job(id: string): PassbackJob {
  return {
    id,
    attemptId: 'a',
    resultId: 'r',
    score: 50,
    state: 'running',
    runAt: 0,
    tries: 1,
    leaseToken: 't',
    createdAt: 0,
    updatedAt: 0,
  }
}

/** A queue holding `count` jobs, handing them out in claim-sized batches. */
function queue(count: number) {
  const waiting = Array.from({ length: count }, (_, i) => job(`j${i}`))
  const completed: [string, PassbackOutcome][] = []
  const limits: number[] = []
  const q: PassbackQueue = {
    claim: async ({ limit }) => {
      limits.push(limit)
      return waiting.splice(0, limit)
    },
    complete: async (j, outcome) => {
      completed.push([j.id, outcome])
      return true
    },
  }
  return { q, completed, limits }
}

describe('createPassbackWorker', () => {
  it('runs claimed jobs with bounded concurrency and records each outcome', async () => {
    const { q, completed, limits } = queue(7)
    let running = 0
    let peak = 0
    const worker = createPassbackWorker({
      queue: q,
      clock,
      batchSize: 5,
      concurrency: 2,
      processor: {
        run: async (j) => {
          peak = Math.max(peak, ++running)
          await new Promise((resolve) => setImmediate(resolve))
          running -= 1
          return j.id === 'j3'
            ? { state: 'failed', errorCode: 'LTI_AGS_SCOPE_FORBIDDEN' }
            : { state: 'succeeded', postedScore: 50 }
        },
      },
    })
    expect(await worker.drain()).toBe(7)
    expect(limits).toEqual([5, 5, 5])
    expect(peak).toBe(2)
    expect(completed.map(([id]) => id).sort()).toEqual(['j0', 'j1', 'j2', 'j3', 'j4', 'j5', 'j6'])
    expect(worker.stats).toMatchObject({ claimed: 7, posted: 6, failed: 1 })
  })

  it('polls in the background and stops cleanly on close', async () => {
    const { q, completed } = queue(3)
    const sleeps: number[] = []
    const worker = createPassbackWorker({
      queue: q,
      clock,
      batchSize: 2,
      pollMs: 250,
      sleep: async (ms) => {
        sleeps.push(ms)
        // Stand-in for time passing: give the test a turn.
        await new Promise((resolve) => setImmediate(resolve))
      },
      processor: { run: async () => ({ state: 'succeeded', postedScore: 1 }) },
    })
    worker.start()
    worker.start()
    while (completed.length < 3 || sleeps.length < 2) {
      await new Promise((resolve) => setImmediate(resolve))
    }
    await worker.close()
    const after = sleeps.length
    await new Promise((resolve) => setImmediate(resolve))
    expect(sleeps.length).toBe(after)
    expect(sleeps.every((ms) => ms === 250)).toBe(true)
    expect(worker.stats.claimed).toBe(3)
  })

  it('keeps polling after a failed claim, reporting it', async () => {
    const errors: unknown[] = []
    let calls = 0
    const worker = createPassbackWorker({
      queue: {
        claim: async () => {
          calls += 1
          if (calls === 1) throw new Error('database unreachable')
          return []
        },
        complete: async () => true,
      },
      clock,
      sleep: () => new Promise((resolve) => setImmediate(resolve)),
      onError: (error) => errors.push(error),
      processor: { run: async () => ({ state: 'succeeded' }) },
    })
    worker.start()
    while (calls < 3) await new Promise((resolve) => setImmediate(resolve))
    await worker.close()
    expect(errors).toHaveLength(1)
  })

  it('wakes its default sleep on abort', async () => {
    const controller = new AbortController()
    const slept = defaultSleep(60_000, controller.signal)
    controller.abort()
    await expect(slept).resolves.toBeUndefined()
  })
})
