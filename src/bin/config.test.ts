import { describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from './config.js'

const secrets = { ADMIN_TOKEN: 'a'.repeat(16), LTIKIT_ENCRYPTION_KEY: 'k' }

describe('readConfig', () => {
  it('reads PORT and PUBLIC_URL for the tool server', () => {
    const config = readConfig({ ...secrets, PORT: '3100', PUBLIC_URL: 'https://tool.example/' })
    expect(config).toMatchObject({ port: 3100, publicUrl: 'https://tool.example', dev: false })
    expect(readConfig({ LTIKIT_DEV: '1' })).toMatchObject({
      port: 3000,
      publicUrl: 'http://localhost:3000',
    })
  })

  it('reads PLATFORM_PORT and PLATFORM_PUBLIC_URL for the platform server, not PORT', () => {
    const env = {
      ...secrets,
      PORT: '3100',
      PUBLIC_URL: 'https://tool.example',
      PLATFORM_PORT: '4100',
      PLATFORM_PUBLIC_URL: 'https://lms.example/',
    }
    expect(readConfig(env, false, 'platform')).toMatchObject({
      port: 4100,
      publicUrl: 'https://lms.example',
    })
    expect(readConfig({ LTIKIT_DEV: '1', PORT: '3100' }, false, 'platform')).toMatchObject({
      port: 4000,
      publicUrl: 'http://localhost:4000',
    })
  })

  it('names the platform variables in its errors', () => {
    expect(() =>
      readConfig({ ...secrets, PUBLIC_URL: 'https://x.example' }, false, 'platform'),
    ).toThrow(/PLATFORM_PUBLIC_URL is required/)
    expect(() =>
      readConfig({ ...secrets, PLATFORM_PUBLIC_URL: 'http://lms.example' }, false, 'platform'),
    ).toThrow(/PLATFORM_PUBLIC_URL must be an https/)
    expect(() =>
      readConfig({ LTIKIT_DEV: '1', PLATFORM_PORT: '70000' }, false, 'platform'),
    ).toThrow(ConfigError)
    expect(() =>
      readConfig({ LTIKIT_DEV: '1', PLATFORM_PORT: '70000' }, false, 'platform'),
    ).toThrow(/PLATFORM_PORT/)
  })
})
