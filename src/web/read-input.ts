import type { Context } from 'hono'
import type { z } from 'zod'
import { LtiRequestInvalid } from '../core/errors.js'
import { readBodyText } from './read-body.js'

/** API bodies are small JSON documents. */
export const API_BODY_LIMIT = 64 * 1024
/** id_tokens are a few KB; 128 KiB leaves room for large custom claims and nothing more. */
export const LTI_BODY_LIMIT = 128 * 1024

/**
 * Reads a JSON body of at most `limit` bytes and checks it against a schema; field problems come
 * back per field.
 */
export async function readJson<T extends z.ZodType>(
  c: Context,
  schema: T,
  limit = API_BODY_LIMIT,
): Promise<z.infer<T>> {
  const text = await readBodyText(c, limit)
  let body: unknown
  try {
    body = JSON.parse(text)
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

/**
 * Reads an `application/x-www-form-urlencoded` body (launches, logins); anything else gets
 * `notForm`, the code of the flow that expected a form.
 */
export async function readForm(
  c: Context,
  notForm: 'LTI_ID_TOKEN_MISSING' | 'LTI_LOGIN_PARAM_INVALID',
): Promise<URLSearchParams> {
  const type = c.req.header('content-type') ?? ''
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    throw new LtiRequestInvalid(notForm, 'expected a form POST (application/x-www-form-urlencoded)')
  }
  return new URLSearchParams(await readBodyText(c, LTI_BODY_LIMIT))
}

/** Sign-in and admin forms are a few hundred bytes. */
export const PAGE_FORM_LIMIT = 16 * 1024

/** Reads the form of a server-rendered page (sign-in, admin pages); anything else is a 400. */
export async function readPageForm(c: Context): Promise<URLSearchParams> {
  const type = c.req.header('content-type') ?? ''
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    throw new LtiRequestInvalid('LTI_REQUEST_INVALID', 'expected a form post', {
      fields: { '(body)': 'send application/x-www-form-urlencoded' },
    })
  }
  return new URLSearchParams(await readBodyText(c, PAGE_FORM_LIMIT))
}
