/**
 * Reads a request body with a size bound, straight from Node's IncomingMessage when the app runs
 * under @hono/node-server. Touching `c.req.raw.body` (as hono's bodyLimit does) builds a full
 * Web Request for every request, which costs more than the rest of a login.
 */
import type { IncomingMessage } from 'node:http'
import type { Context } from 'hono'
import { LtiError } from '../core/errors.js'

const decoder = new TextDecoder()

/** Refuses a declared Content-Length over the limit before anything is read. */
export function assertDeclaredLength(c: Context, maxBytes: number): void {
  const declared = Number(c.req.header('content-length') ?? 0)
  if (declared > maxBytes) throw tooLarge(maxBytes)
}

/** The body as text, at most `maxBytes` (also for chunked bodies with no Content-Length). */
export async function readBodyText(c: Context, maxBytes: number): Promise<string> {
  assertDeclaredLength(c, maxBytes)
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  if (!incoming) {
    // Not under @hono/node-server (app.request() in tests, other runtimes).
    const text = await c.req.text()
    if (new TextEncoder().encode(text).length > maxBytes) throw tooLarge(maxBytes)
    return text
  }
  return readIncoming(incoming, maxBytes)
}

/**
 * Collects a Node request body with listeners rather than `for await`: an async iterator costs
 * more than the rest of reading a small body, and this runs for every score a tool posts.
 */
function readIncoming(incoming: IncomingMessage, maxBytes: number): Promise<string> {
  // Read before (by nothing else here, but a stream does not end twice): nothing more to come.
  if (incoming.readableEnded) return Promise.resolve('')
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const settle = (done: () => void) => {
      incoming.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose)
      done()
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        settle(() => reject(tooLarge(maxBytes)))
        // Keep nothing more, but let the rest of the body drain (bounded by the server's request
        // timeout) so the client reads our 413 rather than a reset connection.
        incoming.resume()
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () =>
      settle(() => resolve(decoder.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks))))
    const onError = (error: unknown) => settle(() => reject(error))
    // Closed before the end: the client went away mid-body, as `for await` reports it.
    const onClose = () =>
      settle(() =>
        reject(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })),
      )
    incoming.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose)
  })
}

function tooLarge(maxBytes: number): LtiError {
  return new LtiError('LTI_BODY_TOO_LARGE', `request body exceeds ${maxBytes} bytes`)
}
