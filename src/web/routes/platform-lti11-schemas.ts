/**
 * Input schemas of the platform's LTI 1.1 admin API (and its admin page form). Every field is
 * bounded; the launch URL goes through the transport policy (HTTPS outside dev mode), as a 1.3
 * tool's URLs do.
 */
import { z } from 'zod'
import { urlField } from '../schemas.js'
import { customParameters } from './platform-admin-schemas.js'

/** RFC 5849 §3.1: sent in headers and form fields; printable ASCII without spaces keeps it safe. */
const consumerKey = z
  .string()
  .trim()
  .regex(/^[\x21-\x7E]{1,255}$/, 'printable characters without spaces (1-255)')

/**
 * The shared secret as the tool's vendor gave it. Trimmed: a secret pasted with a stray space or
 * line break is the most common 1.1 signature failure, and no real secret ends in whitespace.
 */
const sharedSecret = z.string().trim().min(1, 'required').max(1024)

export function lti11ToolInput(dev: boolean) {
  return z.object({
    name: z.string().trim().min(1).max(200),
    launchUrl: urlField(dev),
    consumerKey,
    sharedSecret,
    customParameters: customParameters.default({}),
    privacy: z
      .object({ sendName: z.boolean().default(false), sendEmail: z.boolean().default(false) })
      .default({ sendName: false, sendEmail: false }),
  })
}

export type Lti11ToolInput = z.infer<ReturnType<typeof lti11ToolInput>>

/** `PUT /api/tools/:id/lti11`: the 1.1 tool a 1.3 tool replaces, or `null` for none. */
export const lti11LinkInput = z.object({
  lti11ToolId: z.string().trim().min(1).max(100).nullable(),
})
