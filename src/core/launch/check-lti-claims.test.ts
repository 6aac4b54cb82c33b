import { describe, expect, it } from 'vitest'
import { CLAIM, LTI_VERSION, MESSAGE_TYPE, ROLE } from '../claims.js'
import type { IdTokenPayload } from './claim-types.js'
import { checkLtiClaims } from './check-lti-claims.js'

const valid = (): IdTokenPayload => ({
  sub: 'user-1',
  [CLAIM.version]: LTI_VERSION,
  [CLAIM.messageType]: MESSAGE_TYPE.resourceLink,
  [CLAIM.deploymentId]: 'dep-1',
  [CLAIM.resourceLink]: { id: 'rl-1' },
  [CLAIM.roles]: [ROLE.learner],
  [CLAIM.targetLinkUri]: 'https://tool.example/launch',
})

function codeOf(payload: IdTokenPayload): string | undefined {
  try {
    checkLtiClaims(payload, { supportedMessageTypes: [MESSAGE_TYPE.resourceLink] })
    return undefined
  } catch (error) {
    return (error as { code: string }).code
  }
}

const without = (claim: string) => {
  const p = valid()
  delete p[claim]
  return p
}
const withClaim = (claim: string, value: unknown) => ({ ...valid(), [claim]: value })

describe('checkLtiClaims', () => {
  it.each([
    ['valid launch', valid(), undefined],
    ['no version', without(CLAIM.version), 'LTI_VERSION_MISSING'],
    ['wrong version', withClaim(CLAIM.version, '1.2.0'), 'LTI_VERSION_UNSUPPORTED'],
    ['no message type', without(CLAIM.messageType), 'LTI_MESSAGE_TYPE_MISSING'],
    ['unknown message type', withClaim(CLAIM.messageType, 'Foo'), 'LTI_MESSAGE_TYPE_UNSUPPORTED'],
    ['no deployment_id', without(CLAIM.deploymentId), 'LTI_DEPLOYMENT_ID_MISSING'],
    ['long deployment_id', withClaim(CLAIM.deploymentId, 'x'.repeat(256)), 'LTI_CLAIM_INVALID'],
    ['no resource link', without(CLAIM.resourceLink), 'LTI_RESOURCE_LINK_ID_MISSING'],
    [
      'resource link without id',
      withClaim(CLAIM.resourceLink, { title: 'x' }),
      'LTI_RESOURCE_LINK_ID_MISSING',
    ],
    ['no sub', without('sub'), 'LTI_SUB_MISSING'],
    ['blank sub', withClaim('sub', '  '), 'LTI_SUB_MISSING'],
    ['no roles', without(CLAIM.roles), 'LTI_ROLES_MISSING'],
    ['empty roles', withClaim(CLAIM.roles, []), undefined],
    ['one empty role (as the certification suite sends)', withClaim(CLAIM.roles, ['']), undefined],
    ['roles not an array', withClaim(CLAIM.roles, 'Learner'), 'LTI_CLAIM_INVALID'],
    ['unknown role', withClaim(CLAIM.roles, ['urn:x:unknown']), undefined],
    ['no target_link_uri', without(CLAIM.targetLinkUri), 'LTI_CLAIM_MISSING'],
    ['no context', without(CLAIM.context), undefined],
    ['context without id', withClaim(CLAIM.context, { title: 'x' }), 'LTI_CLAIM_MISSING'],
    ['context not object', withClaim(CLAIM.context, 'c'), 'LTI_CLAIM_INVALID'],
    ['custom not object', withClaim(CLAIM.custom, 'x'), 'LTI_CLAIM_INVALID'],
    ['tool_platform not object', withClaim(CLAIM.toolPlatform, 1), 'LTI_CLAIM_INVALID'],
  ])('%s', (_, payload, code) => {
    expect(codeOf(payload)).toBe(code)
  })
})
