/**
 * A workspace's former LTI 1.1 consumers (key and shared secret), each optionally linked to the
 * connected LTI 1.3 LMS it migrates to. The admin API and the LTI settings page's forms both
 * come here, so both accept the same input and refuse it the same way, field by field.
 * @see https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim
 */
import type { Logger } from 'pino'
import { z } from 'zod'
import { LtiConflict, LtiNotFound, LtiRequestInvalid } from '../core/errors.js'
import type { Lti11Consumer } from '../store/index.js'
import { lti11ConsumerKey, lti11SharedSecret } from './schemas.js'
import type { ToolAppDeps } from './tool-deps.js'

const registrationId = z.string().trim().min(1).max(100)

export const lti11ConsumerInput = z.object({
  consumerKey: lti11ConsumerKey,
  sharedSecret: lti11SharedSecret,
  registrationId: registrationId.optional(),
})
export type Lti11ConsumerInput = z.infer<typeof lti11ConsumerInput>

/** Which connected LMS a consumer migrates to; `null` for any. */
export const lti11ConsumerLinkInput = z.object({ registrationId: registrationId.nullable() })

type Deps = Pick<ToolAppDeps, 'stores' | 'secretBox'>

/**
 * Stores a consumer with its secret sealed.
 * @throws LTI_REQUEST_INVALID (field `registrationId`) when no connected LMS has this ID;
 *   LTI11_CONSUMER_DUPLICATE (field `consumerKey`) when the workspace holds the key already.
 */
export async function storeLti11Consumer(
  deps: Deps,
  workspaceId: string,
  input: Lti11ConsumerInput,
  log: Logger,
): Promise<Lti11Consumer> {
  await checkRegistration(deps, workspaceId, input.registrationId)
  const consumer = await deps.stores.lti11Consumers.create(workspaceId, {
    consumerKey: input.consumerKey,
    encryptedSecret: await deps.secretBox.seal(input.sharedSecret),
    ...(input.registrationId ? { registrationId: input.registrationId } : {}),
  })
  if (consumer === 'duplicate') {
    throw new LtiConflict('LTI11_CONSUMER_DUPLICATE', 'consumer key already stored', {
      fields: { consumerKey: 'already stored in this workspace' },
    })
  }
  log.info({ workspaceId, consumerId: consumer.id }, 'LTI 1.1 consumer stored')
  return consumer
}

/**
 * Links a consumer to a connected LMS, or to any (`null`).
 * @throws LTI_REQUEST_INVALID (field `registrationId`); LTI11_CONSUMER_NOT_FOUND.
 */
export async function linkLti11Consumer(
  deps: Deps,
  workspaceId: string,
  consumerId: string,
  registrationId: string | null,
  log: Logger,
): Promise<Lti11Consumer> {
  await checkRegistration(deps, workspaceId, registrationId)
  const consumer = await deps.stores.lti11Consumers.setRegistration(
    workspaceId,
    consumerId,
    registrationId,
  )
  if (!consumer) throw consumerNotFound()
  log.info({ workspaceId, consumerId, registrationId }, 'LTI 1.1 consumer linked')
  return consumer
}

/**
 * Removes a consumer; its learners keep their members.
 * @throws LTI11_CONSUMER_NOT_FOUND
 */
export async function removeLti11Consumer(
  deps: Deps,
  workspaceId: string,
  consumerId: string,
  log: Logger,
): Promise<void> {
  if (!(await deps.stores.lti11Consumers.delete(workspaceId, consumerId))) {
    throw consumerNotFound()
  }
  log.info({ workspaceId, consumerId }, 'LTI 1.1 consumer removed')
}

/** @throws LTI11_CONSUMER_NOT_FOUND when the workspace has no consumer with this ID. */
export async function findLti11Consumer(
  deps: Pick<Deps, 'stores'>,
  workspaceId: string,
  consumerId: string,
): Promise<Lti11Consumer> {
  const consumer = await deps.stores.lti11Consumers.findById(workspaceId, consumerId)
  if (!consumer) throw consumerNotFound()
  return consumer
}

/** A registration ID must name a connected LMS of this workspace. */
async function checkRegistration(deps: Deps, workspaceId: string, id: string | null | undefined) {
  if (id == null || (await deps.stores.registrations.findById(workspaceId, id))) return
  throw new LtiRequestInvalid('LTI_REQUEST_INVALID', 'no connected LMS with this ID', {
    fields: { registrationId: 'no connected LMS with this ID in the workspace' },
  })
}

function consumerNotFound(): LtiNotFound {
  return new LtiNotFound('LTI11_CONSUMER_NOT_FOUND', 'no LTI 1.1 consumer with this ID')
}
