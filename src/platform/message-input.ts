/**
 * What every message this platform signs says the same way, whether a resource link launch or a
 * deep linking request: issuer and client, the user with their context roles, the context, the
 * platform instance, and the `lis` and substitution values (Core 1.3 §5.3, §5.4).
 */
import { CONTEXT_TYPE } from '../core/claims.js'
import type { MessageClaimsInput } from '../core/launch/build-message-claims.js'
import type { Context, Enrollment, Tool, User } from './ports.js'
import { contextRoleUris } from './roles.js'
import type { PlatformUrls } from './service-urls.js'
import { toolPlatform } from './tool-platform.js'

export interface MessageSubject {
  tool: Tool
  context: Context
  user: User
  enrollment: Enrollment
  /** The nonce of the tool's authentication request. */
  nonce: string
}

export type SharedMessageInput = Pick<
  MessageClaimsInput,
  | 'issuer'
  | 'clientId'
  | 'deploymentId'
  | 'nonce'
  | 'user'
  | 'privacy'
  | 'roles'
  | 'context'
  | 'toolPlatform'
  | 'substitution'
  | 'lis'
>

export async function sharedMessageInput(
  { tool, context, user, enrollment, nonce }: MessageSubject,
  urls: Pick<PlatformUrls, 'issuer'>,
): Promise<SharedMessageInput> {
  const p = await toolPlatform(urls.issuer)
  return {
    issuer: urls.issuer,
    clientId: tool.clientId,
    deploymentId: tool.deploymentId,
    nonce,
    user: {
      id: user.id,
      name: user.name,
      givenName: user.givenName,
      familyName: user.familyName,
      email: user.email,
    },
    privacy: tool.privacy,
    roles: contextRoleUris(enrollment.roles),
    context: {
      id: context.id,
      label: context.label,
      title: context.title,
      type: [CONTEXT_TYPE.courseOffering],
    },
    toolPlatform: {
      guid: p.guid,
      name: p.name,
      productFamilyCode: p.product_family_code,
      version: p.version,
    },
    // The username is the email address here, so it goes only where the email may.
    substitution: tool.privacy.sendEmail ? { username: user.email } : {},
    lis: { courseOfferingSourcedId: context.id, courseSectionSourcedId: context.id },
  }
}
