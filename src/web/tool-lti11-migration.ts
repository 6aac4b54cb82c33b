/**
 * The LTI 1.1 → 1.3 migration ports of one workspace over the tool's stores: consumers with
 * their sealed secrets, identity lookups and links, and the server log for ignored claims.
 */
import type { Logger } from 'pino'
import type { Lti11MigrationPorts } from '../tool/lti11/match-migrated-member.js'
import type { ToolAppDeps } from './tool-deps.js'

export function lti11MigrationPorts(
  deps: Pick<ToolAppDeps, 'stores' | 'secretBox'>,
  workspaceId: string,
  /** The request's logger: its lines carry the correlation ID. */
  log: Logger,
): Lti11MigrationPorts {
  const { stores, secretBox } = deps
  return {
    findMemberIdByIdentity: (issuer, sub) =>
      stores.members.findIdByIdentity(workspaceId, issuer, sub),

    async findConsumer(consumerKey) {
      const consumer = await stores.lti11Consumers.findByKey(workspaceId, consumerKey)
      if (!consumer) return undefined
      return {
        ...(consumer.registrationId !== undefined && { registrationId: consumer.registrationId }),
        openSecret: () => secretBox.open(consumer.encryptedSecret),
      }
    },

    async linkIdentity(memberId, issuer, sub) {
      const linked = await stores.members.linkIdentity(workspaceId, memberId, issuer, sub)
      if (linked) {
        log.info(
          { workspaceId, memberId, issuer },
          'LTI 1.1 learner matched to their LTI 1.3 launch',
        )
      }
      return linked
    },

    onClaimInvalid({ code, reason }) {
      // The claim is ignored, not the launch: the learner gets a member of their own.
      log.warn({ code, reason, workspaceId }, 'lti1p1 claim failed verification and was ignored')
    },
  }
}
