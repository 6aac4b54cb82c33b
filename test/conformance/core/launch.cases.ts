/**
 * What a conforming tool answers to each certification payload and each attack: `accept` or the
 * exact error code. Payload rows live beside the emulator (`CERTIFICATION_PAYLOADS`); this table
 * pairs each name with its outcome, so a renamed or added row fails until it is paired here.
 */
import type { LtiErrorCode } from '../../../src/core/errors.js'
import { CLAIM } from '../../../src/core/claims.js'
import type { LaunchOptions } from '../../support/lms-emulator.js'

const SEC = 'https://www.imsglobal.org/spec/security/v1p0/#authentication-response-validation'
const CORE = 'https://www.imsglobal.org/spec/lti/v1p3/'

export const PAYLOAD_OUTCOMES: Record<string, 'accept' | LtiErrorCode> = {
  'bad payload: no kid in the JWT header': 'LTI_JWT_KID_MISSING',
  'bad payload: incorrect kid in the JWT header': 'LTI_JWT_KID_UNKNOWN',
  'bad payload: wrong LTI version': 'LTI_VERSION_UNSUPPORTED',
  'bad payload: no LTI version': 'LTI_VERSION_MISSING',
  'bad payload: not an LTI 1.3 JWT (signed, no LTI claim)': 'LTI_VERSION_MISSING',
  'bad payload: not a JWT at all': 'LTI_JWT_MALFORMED',
  'bad payload: missing LTI claims': 'LTI_DEPLOYMENT_ID_MISSING',
  'bad payload: timestamps incorrect': 'LTI_TOKEN_EXPIRED',
  'bad payload: message_type claim missing': 'LTI_MESSAGE_TYPE_MISSING',
  'bad payload: roles claim missing': 'LTI_ROLES_MISSING',
  'bad payload: deployment_id claim missing': 'LTI_DEPLOYMENT_ID_MISSING',
  'bad payload: resource_link id missing': 'LTI_RESOURCE_LINK_ID_MISSING',
  'bad payload: sub claim missing': 'LTI_SUB_MISSING',
  'alg none': 'LTI_JWT_ALG_UNSUPPORTED',
  'HS256 keyed with the public key': 'LTI_JWT_ALG_UNSUPPORTED',
  'signed by another key': 'LTI_JWT_SIGNATURE_INVALID',
}

export interface AttackCase {
  name: string
  spec: string
  options: Partial<LaunchOptions>
  code: LtiErrorCode
}

const nowSeconds = () => Math.floor(Date.now() / 1000)

/** Attacks on the flow rather than on the payload; each is one launch. */
export const ATTACK_CASES: readonly AttackCase[] = [
  { name: 'state mismatch', spec: SEC, options: { state: 'wrong' }, code: 'LTI_STATE_MISMATCH' },
  { name: 'state missing', spec: SEC, options: { state: 'omit' }, code: 'LTI_STATE_MISSING' },
  {
    name: 'state cookie missing',
    spec: SEC,
    options: { cookies: 'omit' },
    code: 'LTI_STATE_COOKIE_MISSING',
  },
  {
    name: 'state cookie altered',
    spec: SEC,
    options: { cookies: 'wrong' },
    code: 'LTI_STATE_MISMATCH',
  },
  {
    name: 'nonce other than the one issued',
    spec: SEC,
    options: { claims: (c) => ({ ...c, nonce: 'forged-nonce' }) },
    code: 'LTI_NONCE_MISMATCH',
  },
  {
    name: 'unknown issuer',
    spec: SEC,
    options: { claims: (c) => ({ ...c, iss: 'https://unknown.example' }) },
    code: 'LTI_PLATFORM_UNKNOWN',
  },
  {
    name: 'unknown client (aud)',
    spec: SEC,
    options: { claims: (c) => ({ ...c, aud: 'another-client', azp: undefined }) },
    code: 'LTI_PLATFORM_UNKNOWN',
  },
  {
    name: 'several audiences without azp',
    spec: SEC,
    options: { claims: (c) => ({ ...c, aud: [String(c.aud), 'other'], azp: undefined }) },
    code: 'LTI_AUDIENCE_INVALID',
  },
  {
    name: 'unregistered deployment',
    spec: `${CORE}#lti-deployment-id-claim`,
    options: { claims: (c) => ({ ...c, [CLAIM.deploymentId]: 'deployment-unregistered' }) },
    code: 'LTI_DEPLOYMENT_UNKNOWN',
  },
  {
    name: 'expired token',
    spec: SEC,
    options: { claims: (c) => ({ ...c, iat: nowSeconds() - 600, exp: nowSeconds() - 60 }) },
    code: 'LTI_TOKEN_EXPIRED',
  },
  {
    name: 'token from the future',
    spec: SEC,
    options: { claims: (c) => ({ ...c, iat: nowSeconds() + 600, exp: nowSeconds() + 900 }) },
    code: 'LTI_TOKEN_ISSUED_IN_FUTURE',
  },
  {
    name: 'no exp',
    spec: SEC,
    options: { claims: (c) => ({ ...c, exp: undefined }) },
    code: 'LTI_CLAIM_MISSING',
  },
  {
    name: 'target_link_uri other than at login',
    spec: `${CORE}#target-link-uri`,
    options: {
      claims: (c) => ({ ...c, [CLAIM.targetLinkUri]: 'https://elsewhere.example/launch' }),
    },
    code: 'LTI_TARGET_LINK_URI_MISMATCH',
  },
  {
    name: 'unknown scenario_id',
    spec: `${CORE}#custom-properties-and-variable-substitution`,
    options: { scenarioId: 'no-such-scenario' },
    code: 'LTI_SCENARIO_UNKNOWN',
  },
]
