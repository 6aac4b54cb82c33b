/**
 * Input schemas of the admin API. Every field is bounded; URLs are checked against the
 * transport policy (HTTPS outside dev mode) by `checkConfiguredUrl`.
 */
import { z } from 'zod'
import { LtiError } from '../core/errors.js'
import { checkConfiguredUrl } from '../core/security/url-policy.js'
import { MAX_PASSWORD_LENGTH } from '../platform/password.js'

/** The shortest password a workspace admin may choose. */
export const ADMIN_PASSWORD_MIN_LENGTH = 12

export const slugSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'lowercase letters, digits and dashes (1-64)')

export const workspaceInput = z.object({
  name: z.string().trim().min(1).max(200),
  slug: slugSchema,
})

export const scenarioInput = z.object({
  slug: slugSchema,
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(4000).optional(),
})

/** "a b,c" or ["a", "b"]: LMSes show deployment IDs in either form. */
const deploymentIds = z
  .union([z.string().max(10_000), z.array(z.string().max(255)).max(500)])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(/[\s,]+/)).map((id) => id.trim()).filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().min(1).max(255))
      .min(1, 'at least one deployment ID')
      .transform((ids) => [...new Set(ids)]),
  )

/** A configured URL: absolute, no fragment or credentials, HTTPS outside dev mode. */
export function urlField(dev: boolean) {
  return z
    .string()
    .trim()
    .max(2048)
    .superRefine((value, ctx) => {
      if (value === '') {
        ctx.addIssue({ code: 'custom', message: 'required' })
        return
      }
      try {
        checkConfiguredUrl(value, { dev })
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message:
            error instanceof LtiError && error.code === 'LTI_URL_INSECURE'
              ? 'must be an https:// URL'
              : 'must be an absolute URL',
        })
      }
    })
}

export function platformInput(dev: boolean) {
  return z.object({
    name: z.string().trim().min(1, 'required').max(200),
    issuer: urlField(dev),
    clientId: z.string().trim().min(1, 'required').max(255),
    deploymentIds,
    authenticationRequestUrl: urlField(dev),
    accessTokenUrl: urlField(dev),
    jwksUrl: urlField(dev),
  })
}

/** A workspace admin: the admin API's and `ltikit create-admin`'s input. */
export const adminInput = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email('must be an email address')),
  name: z.string().trim().min(1, 'required').max(200),
  // NIST SP 800-63B §5.1.1.2: length over composition rules; the upper bound keeps hashing cheap.
  password: z
    .string()
    .min(ADMIN_PASSWORD_MIN_LENGTH, `at least ${ADMIN_PASSWORD_MIN_LENGTH} characters`)
    .max(MAX_PASSWORD_LENGTH),
})

export const launchQuery = z.object({
  correlationId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
})

/**
 * An LTI 1.1 `oauth_consumer_key` (RFC 5849 §3.1: sent in headers and form fields; printable
 * ASCII without spaces keeps it safe there). The platform's 1.1 tools and the tool's former 1.1
 * consumers take the same rule.
 */
export const lti11ConsumerKey = z
  .string()
  .trim()
  .min(1, 'required')
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')

/**
 * An LTI 1.1 shared secret as the vendor gave it. Trimmed: a secret pasted with a stray space or
 * line break is the most common 1.1 signature failure, and no real secret ends in whitespace.
 */
export const lti11SharedSecret = z.string().trim().min(1, 'required').max(1024)
