/** The published entry points resolve and expose the documented API. */
import { describe, expect, it } from 'vitest'
import * as core from '../../src/core/index.js'
import * as platform from '../../src/platform/index.js'
import * as tool from '../../src/tool/index.js'
import packageJson from '../../package.json' with { type: 'json' }

describe('package exports', () => {
  it('maps ltikit/core, ltikit/tool and ltikit/platform to built entry points', () => {
    expect(packageJson.exports['./core'].default).toBe('./dist/core/index.js')
    expect(packageJson.exports['./tool'].default).toBe('./dist/tool/index.js')
    expect(packageJson.exports['./platform'].default).toBe('./dist/platform/index.js')
    expect(packageJson.exports['./platform'].types).toBe('./dist/platform/index.d.ts')
    expect(packageJson.bin.ltikit).toBe('./dist/bin/ltikit.js')
  })

  it('exposes the core protocol API', () => {
    for (const name of [
      'validateLaunch',
      'validateLoginInitiation',
      'buildAuthenticationRequest',
      'createKeySet',
      'createRemoteKeySets',
      'createSecretBox',
      'LtiError',
      'ERROR_CATALOGUE',
      'CLAIM',
    ]) {
      expect(core, name).toHaveProperty(name)
    }
  })

  it('exposes the tool flows', () => {
    for (const name of [
      'handleLoginInitiation',
      'handleLaunch',
      'issueSessionToken',
      'verifySessionToken',
    ]) {
      expect(tool, name).toHaveProperty(name)
    }
  })

  it('exposes the platform flows', () => {
    for (const name of [
      'CONTEXT_ROLES',
      'PLATFORM_KEY_OWNER',
      'contextRoleUris',
      'platformUrls',
      'issueAccessToken',
      'verifyAccessToken',
      'gradebookRow',
      'hashPassword',
      'verifyPassword',
      'startLaunch',
      'authenticate',
      'buildDeepLinkingRequest',
      'absorbDeepLinkingResponse',
      'grantAccessToken',
      'postScore',
      'listMemberships',
    ]) {
      expect(platform, name).toHaveProperty(name)
    }
  })
})
