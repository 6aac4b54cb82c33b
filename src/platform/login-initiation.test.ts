import { describe, expect, it } from 'vitest'
import { validateLoginInitiation } from '../core/oidc/login-initiation.js'
import { buildLoginInitiation } from './login-initiation.js'

describe('buildLoginInitiation', () => {
  const tool = {
    oidcLoginUrl: 'https://tool.example/login?tenant=a&iss=stale',
    clientId: 'client-1',
    deploymentId: 'dep-1',
  }
  const url = buildLoginInitiation({
    issuer: 'https://lms.example',
    tool,
    loginHint: 'u-1',
    targetLinkUri: 'https://tool.example/launch',
    ltiMessageHint: 'sealed.hint',
  })

  it('sends every login parameter, on the tool login URL, keeping its own query', () => {
    expect(url.origin + url.pathname).toBe('https://tool.example/login')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 'a',
      iss: 'https://lms.example',
      login_hint: 'u-1',
      target_link_uri: 'https://tool.example/launch',
      lti_message_hint: 'sealed.hint',
      client_id: 'client-1',
      lti_deployment_id: 'dep-1',
    })
  })

  it('is accepted by the tool-side reader of login initiations', () => {
    expect(validateLoginInitiation(url.searchParams)).toEqual({
      issuer: 'https://lms.example',
      loginHint: 'u-1',
      targetLinkUri: 'https://tool.example/launch',
      ltiMessageHint: 'sealed.hint',
      clientId: 'client-1',
      deploymentId: 'dep-1',
    })
  })
})
