import type { Context } from 'hono'
import type { z } from 'zod'
import { LtiRequestInvalid } from '../core/errors.js'

/** Reads a JSON body and checks it against a schema; field problems come back per field. */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let body: unknown
  try {
    body = await c.req.json()
  } catch {
    throw new LtiRequestInvalid('LTI_BODY_MALFORMED', 'request body is not valid JSON')
  }
  return parseInput(schema, body)
}

export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const fields: Record<string, string> = {}
  for (const issue of result.error.issues) {
    const path = issue.path.join('.') || '(body)'
    fields[path] ??= issue.message
  }
  throw new LtiRequestInvalid('LTI_REQUEST_INVALID', 'invalid request fields', { fields })
}

/** Reads an `application/x-www-form-urlencoded` body (launches, logins). */
export async function readForm(c: Context): Promise<URLSearchParams> {
  const type = c.req.header('content-type') ?? ''
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    throw new LtiRequestInvalid('LTI_ID_TOKEN_MISSING', 'launch must be a form POST')
  }
  return new URLSearchParams(await c.req.text())
}
