import { describe, expect, it } from 'vitest'
import { readLimited } from './read-limited.js'

function streamed(chunks: Uint8Array[]): { response: Response; pulled: () => number } {
  let pulled = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[pulled++]
      if (chunk) controller.enqueue(chunk)
      else controller.close()
    },
  })
  return { response: new Response(body), pulled: () => pulled }
}

const tooLarge = () => new RangeError('too large')

describe('readLimited', () => {
  it('returns the whole body when it fits', async () => {
    const { response } = streamed([new Uint8Array([1, 2]), new Uint8Array([3])])
    expect(await readLimited(response, 3, tooLarge)).toEqual(new Uint8Array([1, 2, 3]))
  })

  it('stops reading as soon as the limit is passed', async () => {
    const chunk = new Uint8Array(1024)
    const { response, pulled } = streamed(Array.from({ length: 100 }, () => chunk))
    await expect(readLimited(response, 2048, tooLarge)).rejects.toBeInstanceOf(RangeError)
    expect(pulled()).toBeLessThan(10)
  })

  it('ignores a Content-Length that lies', async () => {
    const response = new Response('x'.repeat(100), { headers: { 'content-length': '1' } })
    await expect(readLimited(response, 10, tooLarge)).rejects.toBeInstanceOf(RangeError)
  })

  it('reads an empty body', async () => {
    expect(await readLimited(new Response(null), 10, tooLarge)).toEqual(new Uint8Array())
  })
})
