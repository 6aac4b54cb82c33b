import { describe, expect, it } from 'vitest'
import { afterPost, improves, nextTimestamp } from './best-of-n.js'

describe('best of N', () => {
  it('posts only an improvement over the confirmed and the possibly landed score', () => {
    expect(improves(60, {})).toBe(true)
    expect(improves(80, { bestScore: 60 })).toBe(true)
    expect(improves(60, { bestScore: 60 })).toBe(false)
    expect(improves(50, { bestScore: 60 })).toBe(false)
    expect(improves(70, { bestScore: 60, uncertainScore: 80 })).toBe(false)
    // The uncertain score's own retry, or an equal one, may go.
    expect(improves(80, { bestScore: 60, uncertainScore: 80 })).toBe(true)
  })

  it('moves timestamps strictly forward', () => {
    expect(nextTimestamp({}, 1000)).toBe(1000)
    expect(nextTimestamp({ lastTimestamp: 999 }, 1000)).toBe(1000)
    expect(nextTimestamp({ lastTimestamp: 1000 }, 1000)).toBe(1001)
    expect(nextTimestamp({ lastTimestamp: 5000 }, 1000)).toBe(5001)
  })

  it('records what each post leaves behind', () => {
    expect(afterPost({}, 60, 1000, 'posted')).toEqual({ bestScore: 60, lastTimestamp: 1000 })
    expect(afterPost({ bestScore: 60, lastTimestamp: 1000 }, 80, 1001, 'uncertain')).toEqual({
      bestScore: 60,
      uncertainScore: 80,
      lastTimestamp: 1001,
    })
    expect(
      afterPost({ bestScore: 60, uncertainScore: 80, lastTimestamp: 1001 }, 80, 1002, 'posted'),
    ).toEqual({ bestScore: 80, lastTimestamp: 1002 })
    expect(afterPost({ bestScore: 60, lastTimestamp: 1005 }, 70, 1003, 'refused')).toEqual({
      bestScore: 60,
      lastTimestamp: 1005,
    })
  })
})
