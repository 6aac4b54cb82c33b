/**
 * Input schemas of the platform's admin API. Every field is bounded; tool URLs go through the
 * transport policy (HTTPS outside dev mode) like the tool side's registrations.
 */
import { z } from 'zod'
import { ROLE, SCOPE } from '../../core/claims.js'
import { CONTEXT_ROLES } from '../../platform/ports.js'
import type { AgsScope, ContextRole } from '../../platform/ports.js'
import { MAX_PASSWORD_LENGTH } from '../../platform/password.js'
import { urlField } from '../schemas.js'

const name = z.string().trim().min(1).max(200)
const optionalText = (max: number) => z.string().trim().min(1).max(max).optional()
const id = z.string().trim().min(1).max(100)

/** Passwords of at least 8 characters (NIST SP 800-63B §5.1.1.2), not trimmed: spaces count. */
export const userInput = z.object({
  name,
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email())
    .transform((email) => email.toLowerCase()),
  password: z.string().min(8, 'at least 8 characters').max(MAX_PASSWORD_LENGTH),
  givenName: optionalText(200),
  familyName: optionalText(200),
  /** An LMS admin: may use the admin pages once signed in. */
  admin: z.boolean().default(false),
})

const letterBand = z.object({
  letter: z.string().trim().min(1).max(10),
  minPercent: z.number().finite().min(0).max(100),
})

const gradingScale = z.discriminatedUnion('type', [
  z.object({ type: z.literal('points') }),
  z.object({ type: z.literal('percentage') }),
  z.object({
    type: z.literal('letter'),
    bands: z
      .array(letterBand)
      .min(1)
      .max(50)
      .superRefine((bands, ctx) => {
        // zod runs refinements after a failed `min`: an empty list is already reported.
        if (bands.length === 0) return
        for (let i = 1; i < bands.length; i++) {
          if ((bands[i] as { minPercent: number }).minPercent >= bands[i - 1]!.minPercent) {
            ctx.addIssue({
              code: 'custom',
              path: [i, 'minPercent'],
              message: 'bands must be ordered by minPercent, highest first, without ties',
            })
            return
          }
        }
        // Every score, however low, must get a letter.
        if (bands[bands.length - 1]!.minPercent !== 0) {
          ctx.addIssue({
            code: 'custom',
            path: [bands.length - 1, 'minPercent'],
            message: 'the lowest band must start at 0',
          })
        }
        if (new Set(bands.map((b) => b.letter)).size !== bands.length) {
          ctx.addIssue({ code: 'custom', message: 'letters must be unique' })
        }
      }),
  }),
])

export const courseInput = z.object({
  title: name,
  label: optionalText(100),
  gradingScale: gradingScale.default({ type: 'points' }),
})

/** Full role URIs (Core 1.3 §A.2.3) mapped back to the short names the platform stores. */
const ROLE_BY_URI: ReadonlyMap<string, ContextRole> = new Map([
  [ROLE.learner, 'Learner'],
  [ROLE.instructor, 'Instructor'],
  [ROLE.teachingAssistant, 'TeachingAssistant'],
  [ROLE.contentDeveloper, 'ContentDeveloper'],
  [ROLE.mentor, 'Mentor'],
  [ROLE.administrator, 'Administrator'],
])

const contextRole = z
  .string()
  .trim()
  .max(200)
  .transform((value, ctx) => {
    const role = (CONTEXT_ROLES as readonly string[]).includes(value)
      ? (value as ContextRole)
      : ROLE_BY_URI.get(value)
    if (!role) {
      ctx.addIssue({
        code: 'custom',
        message: `one of ${CONTEXT_ROLES.join(', ')} or its LIS role URI`,
      })
      return z.NEVER
    }
    return role
  })

export const enrollmentInput = z.object({
  userId: id,
  roles: z
    .array(contextRole)
    .min(1)
    .max(CONTEXT_ROLES.length * 2)
    .transform((roles) => [...new Set(roles)]),
  status: z.enum(['Active', 'Inactive']).default('Active'),
})

/** `custom` claim values are strings (Core 1.3 §5.4.6); names stay short and printable. */
export const customParameters = z
  .record(
    z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'letters, digits, _ . : - (1-100)'),
    z.string().max(2000),
  )
  .refine((record) => Object.keys(record).length <= 50, 'at most 50 custom parameters')

const AGS_SCOPES = [
  SCOPE.agsLineItem,
  SCOPE.agsLineItemReadonly,
  SCOPE.agsResultReadonly,
  SCOPE.agsScore,
] as const satisfies readonly AgsScope[]

/** `true` grants every AGS scope, `false` none, or name the scopes (AGS 2.0 §3.1). */
const agsScopes = z
  .union([z.boolean(), z.array(z.enum(AGS_SCOPES)).max(AGS_SCOPES.length)])
  .transform((value): AgsScope[] =>
    value === true ? [...AGS_SCOPES] : value === false ? [] : [...new Set(value)],
  )

export function toolInput(dev: boolean) {
  return z.object({
    name,
    oidcLoginUrl: urlField(dev),
    redirectUris: z.array(urlField(dev)).min(1).max(20),
    targetLinkUri: urlField(dev),
    jwksUrl: urlField(dev),
    deepLinkingUrl: urlField(dev).optional(),
    customParameters: customParameters.default({}),
    privacy: z
      .object({ sendName: z.boolean().default(false), sendEmail: z.boolean().default(false) })
      .default({ sendName: false, sendEmail: false }),
    services: z
      .object({
        ags: agsScopes.default([]),
        nrps: z.boolean().default(false),
        deepLinking: z.boolean().default(false),
      })
      .default({ ags: [], nrps: false, deepLinking: false }),
    /** The LTI 1.1 tool this one replaces: its launches carry the `lti1p1` migration claim. */
    lti11ToolId: id.optional(),
  })
}

export const linkInput = z.object({
  toolId: id,
  title: name,
  text: optionalText(4000),
  customParameters: customParameters.default({}),
  /** Core 1.3 §5.4.3 `document_target`: in the course page's iframe, or a new window. */
  presentation: z.enum(['iframe', 'window']).default('iframe'),
  lineItem: z
    .object({
      label: name,
      // AGS 2.0 §3.2.7: scoreMaximum is a number greater than 0.
      scoreMaximum: z.number().finite().positive().max(1_000_000),
      resourceId: optionalText(255),
      tag: optionalText(255),
    })
    .optional(),
})
