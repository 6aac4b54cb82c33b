import { describe, expect, it } from 'vitest'
import { createWriteMemo } from './write-memo.js'

function fakeClock(start = 1_790_000_000_000) {
  let now = start
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

function counted<T>(value: T) {
  let calls = 0
  return {
    write: async () => {
      calls += 1
      return value
    },
    calls: () => calls,
  }
}

describe('createWriteMemo', () => {
  it('skips a write of the same values within the window and returns the first result', async () => {
    const clock = fakeClock()
    const memo = createWriteMemo<string>({ clock, windowMs: 60_000 })
    const db = counted('ctx-1')
    expect(await memo.run('k', ['Title'], db.write)).toBe('ctx-1')
    clock.advance(59_999)
    expect(await memo.run('k', ['Title'], () => Promise.resolve('other'))).toBe('ctx-1')
    expect(db.calls()).toBe(1)
    clock.advance(1)
    await memo.run('k', ['Title'], db.write)
    expect(db.calls()).toBe(2)
  })

  it('writes changed values at once, and keys apart', async () => {
    const memo = createWriteMemo<void>({ clock: fakeClock(), windowMs: 60_000 })
    const db = counted(undefined)
    await memo.run('k', ['Title'], db.write)
    await memo.run('k', ['Renamed'], db.write)
    await memo.run('other', ['Renamed'], db.write)
    await memo.run('k', ['Title'], db.write)
    expect(db.calls()).toBe(4)
  })

  it('remembers nothing of a failed write', async () => {
    const memo = createWriteMemo<void>({ clock: fakeClock(), windowMs: 60_000 })
    const db = counted(undefined)
    await memo.run('k', ['Title'], db.write)
    await expect(
      memo.run('k', ['Renamed'], () => Promise.reject(new Error('down'))),
    ).rejects.toThrow()
    await memo.run('k', ['Title'], db.write)
    expect(db.calls()).toBe(2)
  })

  it('remembers no write that overlapped a write of other values', async () => {
    const memo = createWriteMemo<void>({ clock: fakeClock(), windowMs: 60_000 })
    let finishFirst!: () => void
    const first = memo.run('k', ['A'], () => new Promise<void>((r) => (finishFirst = r)))
    const second = memo.run('k', ['B'], async () => undefined)
    await second
    finishFirst()
    await first
    // Either may have landed last, so both values are written again.
    const db = counted(undefined)
    await memo.run('k', ['A'], db.write)
    expect(db.calls()).toBe(1)
    await memo.run('k', ['B'], db.write)
    expect(db.calls()).toBe(2)
  })

  it('remembers overlapping writes of the same values', async () => {
    const memo = createWriteMemo<void>({ clock: fakeClock(), windowMs: 60_000 })
    await Promise.all([
      memo.run('k', ['A'], async () => undefined),
      memo.run('k', ['A'], async () => undefined),
    ])
    const db = counted(undefined)
    await memo.run('k', ['A'], db.write)
    expect(db.calls()).toBe(0)
  })

  it('writes again after forget, and every time when the window is 0', async () => {
    const memo = createWriteMemo<void>({ clock: fakeClock(), windowMs: 60_000 })
    const db = counted(undefined)
    await memo.run('k', ['A'], db.write)
    memo.forget('k')
    await memo.run('k', ['A'], db.write)
    expect(db.calls()).toBe(2)
    const off = createWriteMemo<void>({ clock: fakeClock(), windowMs: 0 })
    await off.run('k', ['A'], db.write)
    await off.run('k', ['A'], db.write)
    expect(db.calls()).toBe(4)
  })
})
