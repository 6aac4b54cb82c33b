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
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > maxBytes) {
      incoming.destroy()
      throw tooLarge(maxBytes)
    }
    chunks.push(chunk)
  }
  return decoder.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks))
}

function tooLarge(maxBytes: number): LtiError {
  return new LtiError('LTI_BODY_TOO_LARGE', `request body exceeds ${maxBytes} bytes`)
}
