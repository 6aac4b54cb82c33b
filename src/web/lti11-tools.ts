/**
 * Registering an LTI 1.1 tool on the platform, and disabling or enabling it, shared by the admin
 * API and the admin page: the shared secret is sealed before it is stored and never leaves the
 * server again.
 */
import { LtiConflict, LtiNotFound } from '../core/errors.js'
import type { Lti11Tool } from '../platform/ports.js'
import type { PlatformAppDeps } from './platform-deps.js'
import type { Lti11ToolInput } from './routes/platform-lti11-schemas.js'

/**
 * @throws LTI11_TOOL_DUPLICATE when another 1.1 tool has the consumer key
 */
export async function registerLti11Tool(
  deps: Pick<PlatformAppDeps, 'stores' | 'secretBox'>,
  { sharedSecret, ...input }: Lti11ToolInput,
): Promise<Lti11Tool> {
  const tool = await deps.stores.lti11Tools.createLti11Tool({
    ...input,
    encryptedSharedSecret: await deps.secretBox.seal(sharedSecret),
  })
  if (!tool) {
    throw new LtiConflict('LTI11_TOOL_DUPLICATE', 'consumer key already registered', {
      fields: { consumerKey: 'another LTI 1.1 tool already uses this consumer key' },
    })
  }
  return tool
}

/**
 * An admin's switch: a disabled 1.1 tool's launches and Basic Outcomes calls are refused and it
 * is not offered when an activity is added, until it is enabled again. Idempotent.
 * @throws LTI11_TOOL_NOT_FOUND
 */
export async function setLti11ToolStatus(
  deps: Pick<PlatformAppDeps, 'stores'>,
  id: string,
  status: Lti11Tool['status'],
): Promise<Lti11Tool> {
  const tool = await deps.stores.lti11Tools.setLti11ToolStatus(id, status)
  if (!tool) throw new LtiNotFound('LTI11_TOOL_NOT_FOUND', 'no LTI 1.1 tool with this ID')
  return tool
}

/** A 1.1 tool as the admin API shows it: everything but the secret. */
export function lti11ToolJson(tool: Lti11Tool) {
  return {
    id: tool.id,
    name: tool.name,
    launchUrl: tool.launchUrl,
    consumerKey: tool.consumerKey,
    customParameters: tool.customParameters,
    privacy: tool.privacy,
    status: tool.status,
  }
}
