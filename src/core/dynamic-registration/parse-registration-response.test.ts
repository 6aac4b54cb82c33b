import { describe, expect, it } from 'vitest'
import { REGISTRATION_CLAIM } from '../claims.js'
import { parseRegistrationResponse, readRegistrationError } from './parse-registration-response.js'

describe('parseRegistrationResponse', () => {
  it('reads client_id, the deployment_id inside the tool configuration, and the scope', () => {
    expect(
      parseRegistrationResponse({
        client_id: 'abc',
        scope: 'a b',
        [REGISTRATION_CLAIM.toolConfiguration]: { deployment_id: 7 },
      }),
    ).toEqual({ clientId: 'abc', deploymentId: '7', scopes: ['a', 'b'] })
  })

  it('accepts a response without a deployment', () => {
    expect(parseRegistrationResponse({ client_id: 12 })).toEqual({ clientId: '12' })
  })

  it.each([
    [null],
    [{}],
    [{ client_id: '' }],
    [{ client_id: 'a', [REGISTRATION_CLAIM.toolConfiguration]: { deployment_id: {} } }],
  ])('refuses %j', (body) => {
    expect(() => parseRegistrationResponse(body)).toThrow(
      expect.objectContaining({ code: 'LTI_REGISTRATION_RESPONSE_INVALID' }),
    )
  })

  it('reads an OAuth error answer, bounded', () => {
    expect(
      readRegistrationError({ error: 'invalid_redirect_uri', error_description: 'x'.repeat(900) }),
    ).toEqual({
      error: 'invalid_redirect_uri',
      errorDescription: 'x'.repeat(500),
    })
    expect(readRegistrationError('nope')).toEqual({})
  })
})
