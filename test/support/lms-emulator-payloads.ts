/**
 * The id_token variants of the 1EdTech tool certification suite, as data. Each row spreads into
 * `emulator.launch({ loginUrl, targetLinkUri, ...row })`; the conformance runner pairs rows with
 * the outcome it expects (a redirect for `valid` rows, an `LTI_*` code for the others).
 *
 * @see https://www.imsglobal.org/spec/lti/v1p3/cert/#known-bad-payloads
 */
import { CLAIM, ROLE } from '../../src/core/claims.js'
import type { IdTokenClaims, LmsUser } from './lms-emulator-claims.js'
import type { JwtHeader, SignMode } from './lms-emulator-sign.js'

/** One named id_token variant. */
export interface CertificationPayload {
  readonly name: string
  /** The certification guide section the row comes from. */
  readonly spec: string
  /** Whether a conforming tool must accept the launch. */
  readonly valid: boolean
  readonly user: LmsUser
  readonly claims?: (claims: IdTokenClaims) => IdTokenClaims | void
  readonly header?: (header: JwtHeader) => JwtHeader | void
  readonly sign?: SignMode
}

const CERT = 'https://www.imsglobal.org/spec/lti/v1p3/cert/'
const SECURITY = 'https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation'
const PII = ['name', 'given_name', 'family_name', 'middle_name', 'email'] as const

const without =
  (...names: string[]) =>
  (claims: IdTokenClaims): void => {
    for (const name of names) delete claims[name]
  }
const withRoles =
  (roles: string[]) =>
  (claims: IdTokenClaims): void => {
    claims[CLAIM.roles] = roles
  }

// "Short" role values stand for context roles (Core 1.3 §A.2.3): `Instructor`, `Learner`.
const shortRole = (role: string): string => role.slice(role.indexOf('#') + 1)

function validLaunches(user: LmsUser): CertificationPayload[] {
  const spec = `${CERT}#${user === 'instructor' ? 'valid-teacher-launches' : 'valid-student-launches'}`
  const main = user === 'instructor' ? ROLE.instructor : ROLE.learner
  const extra = user === 'instructor' ? ROLE.institutionFaculty : ROLE.institutionStudent
  const unknown = 'http://purl.imsglobal.org/vocab/lis/v2/unknown/unknown#Helper'
  const rows: Omit<CertificationPayload, 'spec' | 'valid' | 'user'>[] = [
    { name: 'plain launch' },
    { name: 'multiple role values', claims: withRoles([main, extra, ROLE.mentor]) },
    { name: 'short role value', claims: withRoles([shortRole(main)]) },
    {
      name: 'unknown role',
      claims: withRoles(user === 'instructor' ? [unknown] : [main, unknown]),
    },
    { name: 'no role (empty array)', claims: withRoles([]) },
    { name: 'email only', claims: without('name', 'given_name', 'family_name', 'middle_name') },
    { name: 'names only', claims: without('email') },
    { name: 'no PII', claims: without(...PII) },
    { name: 'no context claim', claims: without(CLAIM.context) },
  ]
  return rows.map((row) => ({ ...row, name: `${user}: ${row.name}`, spec, valid: true, user }))
}

const bad = (row: Omit<CertificationPayload, 'spec' | 'valid' | 'user'>): CertificationPayload => ({
  ...row,
  name: `bad payload: ${row.name}`,
  spec: `${CERT}#known-bad-payloads`,
  valid: false,
  user: 'learner',
})

/**
 * Valid launches (instructor and learner, nine variants each) and the known bad payloads.
 * Names are unique and stable: conformance expectations refer to them.
 */
export const CERTIFICATION_PAYLOADS: readonly CertificationPayload[] = [
  ...validLaunches('instructor'),
  ...validLaunches('learner'),
  bad({ name: 'no kid in the JWT header', sign: 'no-kid' }),
  bad({ name: 'incorrect kid in the JWT header', sign: 'unknown-kid' }),
  bad({
    name: 'wrong LTI version',
    claims: (claims) => {
      claims[CLAIM.version] = '1.2.0'
    },
  }),
  bad({ name: 'no LTI version', claims: without(CLAIM.version) }),
  bad({
    name: 'not an LTI 1.3 JWT (signed, no LTI claim)',
    claims: (claims) => {
      for (const name of Object.keys(claims)) if (name.startsWith('https://')) delete claims[name]
    },
  }),
  bad({ name: 'not a JWT at all', sign: 'garbage' }),
  bad({
    name: 'missing LTI claims',
    claims: without(CLAIM.deploymentId, CLAIM.roles, CLAIM.resourceLink, CLAIM.targetLinkUri),
  }),
  bad({
    name: 'timestamps incorrect',
    claims: (claims) => {
      claims.iat = 11111
      claims.exp = 22222
    },
  }),
  bad({ name: 'message_type claim missing', claims: without(CLAIM.messageType) }),
  bad({ name: 'roles claim missing', claims: without(CLAIM.roles) }),
  bad({ name: 'deployment_id claim missing', claims: without(CLAIM.deploymentId) }),
  bad({
    name: 'resource_link id missing',
    claims: (claims) => {
      claims[CLAIM.resourceLink] = { title: 'Week 1 quiz' }
    },
  }),
  bad({ name: 'sub claim missing', claims: without('sub') }),
]

/**
 * Attacks the certification list leaves out but a tool must refuse anyway (LTI-NOTES.md).
 * @see https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation
 */
export const SECURITY_PAYLOADS: readonly CertificationPayload[] = [
  { name: 'alg none', spec: SECURITY, valid: false, user: 'learner', sign: 'none' },
  {
    name: 'HS256 keyed with the public key',
    spec: SECURITY,
    valid: false,
    user: 'learner',
    sign: 'hs256-public-key',
  },
  {
    name: 'signed by another key',
    spec: SECURITY,
    valid: false,
    user: 'learner',
    sign: 'wrong-key',
  },
]

const VARIANTS = new Map([...CERTIFICATION_PAYLOADS, ...SECURITY_PAYLOADS].map((r) => [r.name, r]))

/**
 * Looks a row up by its name.
 * @throws {TypeError} when no row has that name.
 */
export function findPayloadVariant(name: string): CertificationPayload {
  const row = VARIANTS.get(name)
  if (row === undefined) throw new TypeError(`unknown payload variant "${name}"`)
  return row
}
