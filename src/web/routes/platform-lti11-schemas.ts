/**
 * Input schemas of the platform's LTI 1.1 admin API (and its admin page form). Every field is
 * bounded; the launch URL goes through the transport policy (HTTPS outside dev mode), as a 1.3
 * tool's URLs do.
 */
import { z } from 'zod'
import { lti11ConsumerKey, lti11SharedSecret, urlField } from '../schemas.js'
import { customParameters } from './platform-admin-schemas.js'

export function lti11ToolInput(dev: boolean) {
  return z.object({
    name: z.string().trim().min(1).max(200),
    launchUrl: urlField(dev),
    consumerKey: lti11ConsumerKey,
    sharedSecret: lti11SharedSecret,
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
