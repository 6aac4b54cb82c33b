/**
 * The confirmation form's sealed token: what the tool learnt at the GET (the platform's facts,
 * the registration it will send, the registration token) carried to the POST. Only this server
 * can mint one, so the POST cannot be made to register anything the admin was not shown.
 */
import type { ClientRegistrationInput } from '../../core/dynamic-registration/build-client-registration.js'
import { LtiRequestInvalid } from '../../core/errors.js'
import type { MacKey } from '../../core/ports.js'
import { openToken, sealToken } from '../../core/security/sealed-token.js'
import type { RegistrationGrant } from './registration-url.js'

const PURPOSE = 'ltikit-dynamic-registration-confirm-v1'

/** The platform facts a connection is stored with. */
export interface PlatformFacts {
  readonly name: string
  readonly issuer: string
  readonly authorizationEndpoint: string
  readonly tokenEndpoint: string
  readonly jwksUri: string
  readonly registrationEndpoint: string
}

export interface Confirmation {
  readonly grant: RegistrationGrant
  readonly platform: PlatformFacts
  readonly plan: ClientRegistrationInput
  readonly registrationToken?: string
}

export function sealConfirmation(confirmation: Confirmation, key: MacKey): Promise<string> {
  const { grant, platform, plan, registrationToken } = confirmation
  return sealToken(
    PURPOSE,
    { g: grant, p: platform, r: plan, ...(registrationToken ? { t: registrationToken } : {}) },
    key,
  )
}

/** @throws LTI_REGISTRATION_REQUEST_INVALID when the token is altered or of another workspace. */
export async function openConfirmation(
  token: string,
  workspaceId: string,
  key: MacKey,
): Promise<Confirmation> {
  const payload = await openToken(PURPOSE, token, key)
  const grant = payload?.g as RegistrationGrant | undefined
  if (!payload || typeof grant !== 'object' || grant.workspaceId !== workspaceId) {
    throw new LtiRequestInvalid('LTI_REGISTRATION_REQUEST_INVALID', 'confirmation token invalid')
  }
  // Sealed by this server from checked values: the shape is ours.
  return {
    grant,
    platform: payload.p as PlatformFacts,
    plan: payload.r as ClientRegistrationInput,
    ...(typeof payload.t === 'string' ? { registrationToken: payload.t } : {}),
  }
}
