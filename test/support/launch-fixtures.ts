/** The platform registration the core launch tests share, so each test file does not restate it. */
import type { Registration } from '../../src/core/ports.js'

export const TEST_NOW = 1_800_000_000_000
export const TEST_ISSUER = 'https://lms.example'
export const TEST_TARGET_LINK_URI = 'https://tool.example/lti/ws1/launch'

export const testRegistration: Registration = {
  id: 'reg-1',
  workspaceId: 'ws1',
  name: 'LMS',
  issuer: TEST_ISSUER,
  clientId: 'client-1',
  deploymentIds: ['dep-1'],
  authenticationRequestUrl: `${TEST_ISSUER}/auth`,
  accessTokenUrl: `${TEST_ISSUER}/token`,
  jwksUrl: `${TEST_ISSUER}/jwks`,
  createdAt: 0,
}
