/**
 * A tool registration to create through the platform's `ToolStore` in store and flow tests:
 * loopback-free URLs under `https://tool.example`, both privacy settings on, every service off.
 */
import type { NewTool } from '../../src/platform/ports.js'

export function newToolInput(overrides: Partial<NewTool> = {}): NewTool {
  return {
    name: 'T',
    oidcLoginUrl: 'https://tool.example/login',
    redirectUris: ['https://tool.example/launch'],
    targetLinkUri: 'https://tool.example/launch',
    jwksUrl: 'https://tool.example/jwks',
    customParameters: {},
    privacy: { sendName: true, sendEmail: true },
    services: { ags: [], nrps: false, deepLinking: false },
    ...overrides,
  }
}
