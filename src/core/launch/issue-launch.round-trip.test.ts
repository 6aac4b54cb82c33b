/**
 * The signed launch: its JOSE header and timestamps, then the platform's issueLaunch against the
 * tool's validateLaunch: what one side signs, the other accepts, and the LaunchMessage carries
 * exactly what was sent.
 */
import { decodeJwt, decodeProtectedHeader, generateKeyPair } from 'jose'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  TEST_ISSUER,
  TEST_NOW,
  TEST_TARGET_LINK_URI,
  testRegistration,
} from '../../../test/support/launch-fixtures.js'
import { MemoryNonces, MemoryRegistrations } from '../../../test/support/memory-stores.js'
import { CLAIM, CONTEXT_TYPE, MESSAGE_TYPE, ROLE, SCOPE } from '../claims.js'
import { sealLoginState } from '../oidc/login-state.js'
import { webCryptoMacKey } from '../security/sealed-token.js'
import { buildLaunchClaims, issueLaunch } from './issue-launch.js'
import type { IssueLaunchInput } from './issue-launch.js'
import { skipStateCookieCheck, validateLaunch } from './validate-launch.js'
import type { ValidateLaunchDeps } from './validate-launch.js'

const NOW = TEST_NOW
const ISS = TEST_ISSUER
const TARGET = TEST_TARGET_LINK_URI
const registration = testRegistration

const platform = await generateKeyPair('RS256')
const signingKey = { kid: 'platform-key-1', alg: 'RS256', privateKey: platform.privateKey } as const
const stateKey = await webCryptoMacKey(new Uint8Array(32).fill(7))
const clock = { now: () => NOW }

const PERSONA = {
  instructor: {
    user: {
      id: 'instructor-1',
      givenName: 'Ada',
      familyName: 'Lovelace',
      email: 'ada@example.edu',
    },
    roles: [ROLE.instructor, ROLE.institutionFaculty],
  },
  learner: {
    user: { id: 'learner-1', givenName: 'Grace', familyName: 'Hopper', email: 'grace@example.edu' },
    roles: [ROLE.learner, ROLE.institutionStudent],
  },
} as const

function input(
  persona: keyof typeof PERSONA,
  overrides: Partial<IssueLaunchInput> = {},
): IssueLaunchInput {
  return {
    issuer: ISS,
    clientId: 'client-1',
    deploymentId: 'dep-1',
    nonce: 'nonce-1',
    targetLinkUri: TARGET,
    user: { ...PERSONA[persona].user },
    privacy: { sendName: true, sendEmail: true },
    roles: [...PERSONA[persona].roles],
    context: {
      id: 'ctx-1',
      label: 'CS101',
      title: 'Compilers',
      type: [CONTEXT_TYPE.courseOffering],
    },
    resourceLink: { id: 'rl-1', title: 'Week 1 quiz' },
    toolPlatform: { guid: 'lms-guid', name: 'Example LMS' },
    ...overrides,
  }
}

let deps: ValidateLaunchDeps
let nonces: MemoryNonces

beforeEach(() => {
  nonces = new MemoryNonces()
  deps = {
    registrations: new MemoryRegistrations([registration]),
    loginStateKey: stateKey,
    nonces,
    keys: {
      getKey: async (url, header) => {
        if (url !== registration.jwksUrl || header.kid !== signingKey.kid) {
          throw new Error('wrong key lookup')
        }
        return platform.publicKey
      },
    },
    clock,
    clockSkewSeconds: 5,
    supportedMessageTypes: [MESSAGE_TYPE.resourceLink],
  }
})

/** Issues the launch and runs the tool's validator on it, as the tool's launch endpoint would. */
async function roundTrip(launch: IssueLaunchInput) {
  const idToken = await issueLaunch(launch, { signingKey, clock })
  const state = await sealLoginState(
    {
      nonce: launch.nonce,
      workspaceId: 'ws1',
      registrationId: 'reg-1',
      targetLinkUri: TARGET,
      expiresAt: NOW + 60_000,
    },
    stateKey,
  )
  return validateLaunch({ idToken, state, stateCookie: skipStateCookieCheck }, deps)
}

describe('issueLaunch', () => {
  it('signs an RS256 compact JWS with kid and typ headers and the clock timestamps', async () => {
    const token = await issueLaunch(input('learner'), {
      signingKey,
      clock: { now: () => NOW + 999 },
    })
    const header = decodeProtectedHeader(token)
    expect(header).toStrictEqual({ alg: 'RS256', kid: 'platform-key-1', typ: 'JWT' })
    const payload = decodeJwt(token)
    expect(payload.iat).toBe(NOW / 1000)
    expect(payload.exp).toBe(NOW / 1000 + 300)
    expect(payload).toStrictEqual({
      ...buildLaunchClaims(input('learner')),
      iat: NOW / 1000,
      exp: NOW / 1000 + 300,
    })
  })

  it.each([0, -5, 1.5, 3601, Number.NaN])('refuses a lifetime of %s seconds', async (seconds) => {
    await expect(
      issueLaunch(input('learner'), { signingKey, clock, lifetimeSeconds: seconds }),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' })
  })
})

describe('issueLaunch -> validateLaunch', () => {
  it('validates and the LaunchMessage carries every claim that was sent', async () => {
    const launch = input('learner', {
      launchPresentation: { documentTarget: 'window', returnUrl: `${ISS}/return`, locale: 'en' },
      lis: { personSourcedId: 'sis-p-1', courseSectionSourcedId: 'sis-s-1' },
      custom: { uid: '$User.id', section: '$CourseSection.sourcedId', fixed: ' x ' },
      substitution: {},
      agsEndpoint: { scope: [SCOPE.agsScore], lineitem: `${ISS}/ctx-1/lineitems/1` },
      nrpsService: { contextMembershipsUrl: `${ISS}/ctx-1/memberships` },
    })
    const { message, registration: reg, trail } = await roundTrip(launch)
    expect(reg.id).toBe('reg-1')
    expect(trail).toContain('signature verified')
    expect(message).toMatchObject({
      messageType: MESSAGE_TYPE.resourceLink,
      issuer: ISS,
      clientId: 'client-1',
      deploymentId: 'dep-1',
      targetLinkUri: TARGET,
      roles: [ROLE.learner, ROLE.institutionStudent],
      user: {
        sub: 'learner-1',
        name: 'Grace Hopper',
        givenName: 'Grace',
        familyName: 'Hopper',
        email: 'grace@example.edu',
      },
      resourceLink: { id: 'rl-1', title: 'Week 1 quiz' },
      context: { id: 'ctx-1', label: 'CS101', title: 'Compilers' },
      toolPlatform: { guid: 'lms-guid', name: 'Example LMS' },
      launchPresentation: { document_target: 'window', return_url: `${ISS}/return`, locale: 'en' },
      lis: { person_sourcedid: 'sis-p-1', course_section_sourcedid: 'sis-s-1' },
      custom: { uid: 'learner-1', section: 'sis-s-1', fixed: 'x' },
      agsEndpoint: { scope: [SCOPE.agsScore], lineitem: `${ISS}/ctx-1/lineitems/1` },
      nrpsService: {
        context_memberships_url: `${ISS}/ctx-1/memberships`,
        service_versions: ['2.0'],
      },
    })
    expect(message.payload.aud).toBe('client-1')
    expect(message.payload.azp).toBe('client-1')
  })

  // The four privacy variants the certification suite launches each persona with:
  // https://www.imsglobal.org/spec/lti/v1p3/cert/#valid-teacher-launches and #valid-student-launches
  const VARIANTS = [
    { name: 'plain launch', sendName: true, sendEmail: true },
    { name: 'email only', sendName: false, sendEmail: true },
    { name: 'names only', sendName: true, sendEmail: false },
    { name: 'no PII', sendName: false, sendEmail: false },
  ]
  const rows = (['instructor', 'learner'] as const).flatMap((persona) =>
    VARIANTS.map((variant) => ({ persona, ...variant })),
  )

  it.each(rows)('$persona: $name', async (row) => {
    const { sendName, sendEmail } = row
    const { message } = await roundTrip(input(row.persona, { privacy: { sendName, sendEmail } }))
    const { user } = PERSONA[row.persona]
    expect(message.user).toStrictEqual({
      sub: user.id,
      ...(sendName && {
        name: `${user.givenName} ${user.familyName}`,
        givenName: user.givenName,
        familyName: user.familyName,
      }),
      ...(sendEmail && { email: user.email }),
    })
    const personal = ['name', 'given_name', 'family_name', 'email'].filter(
      (claim) => claim in message.payload,
    )
    expect(personal).toEqual([
      ...(sendName ? ['name', 'given_name', 'family_name'] : []),
      ...(sendEmail ? ['email'] : []),
    ])
    expect(message.roles).toEqual(PERSONA[row.persona].roles)
  })

  it('validates a launch with no context and no role', async () => {
    const { message } = await roundTrip(input('learner', { context: undefined, roles: [] }))
    expect(message.context).toBeUndefined()
    expect(CLAIM.context in message.payload).toBe(false)
    expect(message.roles).toEqual([])
  })

  it('is single-use on the tool side: the same launch replayed is refused', async () => {
    const launch = input('learner')
    await roundTrip(launch)
    await expect(roundTrip(launch)).rejects.toMatchObject({ code: 'LTI_NONCE_REPLAYED' })
  })

  it('is refused once its lifetime has passed', async () => {
    const idToken = await issueLaunch(input('learner'), { signingKey, clock, lifetimeSeconds: 60 })
    const later = { ...deps, clock: { now: () => NOW + 120_000 } }
    await expect(
      validateLaunch({ idToken, state: 'unused', stateCookie: skipStateCookieCheck }, later),
    ).rejects.toMatchObject({ code: 'LTI_TOKEN_EXPIRED' })
  })
})
