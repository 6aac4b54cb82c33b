/**
 * Connects an LMS to a workspace from checked input (`platformInput`): the registration
 * (issuer + client ID) with its deployment IDs. The admin API and the LTI settings page's manual
 * form both come here, so both refuse the same duplicates the same way.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#tool-deployment
 */
import type { Logger } from 'pino'
import { LtiConflict } from '../core/errors.js'
import type { Registration } from '../core/ports.js'
import type { RegistrationInput } from '../store/index.js'
import type { ToolStores } from './tool-stores.js'

/**
 * @throws LTI_REGISTRATION_DUPLICATE when the workspace has this issuer and client ID already.
 */
export async function connectPlatform(
  stores: Pick<ToolStores, 'registrations'>,
  workspaceId: string,
  input: RegistrationInput,
  log: Logger,
): Promise<Registration> {
  const registration = await stores.registrations.create(workspaceId, input)
  if (registration === 'duplicate') {
    throw new LtiConflict('LTI_REGISTRATION_DUPLICATE', 'issuer and client ID already connected', {
      fields: { clientId: 'already connected for this issuer' },
    })
  }
  log.info({ workspaceId, registrationId: registration.id }, 'LMS connected')
  return registration
}
