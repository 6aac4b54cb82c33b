/**
 * What a launch is about, looked up and checked: the user's active enrollment in the context,
 * the activity (or, for deep linking, the tool) in it. Login initiation runs it to refuse early;
 * the authentication endpoint runs it again, since an enrollment or activity may have gone in
 * between.
 */
import { LtiForbidden, LtiNotFound } from '../core/errors.js'
import type {
  Context,
  ContextStore,
  Enrollment,
  LinkPresentation,
  ResourceLink,
  ResourceLinkStore,
  Tool,
  ToolStore,
} from './ports.js'
import { requireActiveTool } from './require-active-tool.js'
import { isTeachingRole } from './roles.js'

/** The launch a browser asks for: an activity, or content picking from a tool. */
export type LaunchTarget =
  | { readonly kind: 'launch'; readonly contextId: string; readonly linkId: string }
  | {
      readonly kind: 'deep-linking'
      readonly contextId: string
      readonly toolId: string
      /** Where the picker opens (DL 2.0 §4.4.1 `launch_presentation`); default `window`. */
      readonly documentTarget?: LinkPresentation
    }

/** The store reads a launch needs (a subset of `PlatformStores`). */
export interface LaunchStores {
  readonly contexts: Pick<ContextStore, 'findContext' | 'findEnrollment'>
  readonly tools: Pick<ToolStore, 'findTool' | 'findToolByClientId'>
  readonly links: Pick<ResourceLinkStore, 'findLink' | 'listLinks'>
}

export interface ResolvedLaunch {
  readonly context: Context
  readonly enrollment: Enrollment
  readonly tool: Tool
  /** Set for `launch` targets. */
  readonly link?: ResourceLink
  /** The URL the tool is asked to launch (the `target_link_uri`). */
  readonly targetLinkUri: string
}

/**
 * @param knownTool - A tool the caller already holds (the authentication request's client): used
 *   instead of reading it again when it is the launch's tool.
 * @throws LTI_CONTEXT_NOT_FOUND, LTI_NOT_ENROLLED (no active enrollment),
 *   LTI_RESOURCE_LINK_NOT_FOUND (no such activity in this context), LTI_TOOL_NOT_FOUND,
 *   LTI_TOOL_PENDING_APPROVAL (an admin has not approved the tool yet), LTI_TOOL_DISABLED,
 *   LTI_DEEP_LINKING_NOT_ALLOWED (not a teaching role, or deep linking is off for the tool)
 */
export async function resolveLaunch(
  target: LaunchTarget,
  userId: string,
  stores: LaunchStores,
  knownTool?: Tool,
): Promise<ResolvedLaunch> {
  // Independent reads, issued together; the checks below still run in a fixed order.
  const [context, enrollment, link] = await Promise.all([
    stores.contexts.findContext(target.contextId),
    stores.contexts.findEnrollment(target.contextId, userId),
    target.kind === 'launch' ? stores.links.findLink(target.linkId) : undefined,
  ])
  if (!context) {
    throw new LtiNotFound('LTI_CONTEXT_NOT_FOUND', 'no context with this ID', {
      cause: { contextId: target.contextId },
    })
  }
  if (!enrollment || enrollment.status !== 'Active') {
    throw new LtiForbidden('LTI_NOT_ENROLLED', 'user has no active enrollment in the context', {
      cause: { contextId: context.id, userId, status: enrollment?.status },
    })
  }
  if (target.kind === 'launch') {
    // An activity of another context is as absent as a missing one: no probing across courses.
    if (!link || link.contextId !== context.id) {
      throw new LtiNotFound('LTI_RESOURCE_LINK_NOT_FOUND', 'no activity with this ID here', {
        cause: { contextId: context.id, linkId: target.linkId },
      })
    }
    const tool = await findTool(link.toolId, stores, knownTool)
    // Core 1.3 §5.3.4: a link's own URL (chosen by deep linking) wins over the tool's default.
    return { context, enrollment, tool, link, targetLinkUri: link.url ?? tool.targetLinkUri }
  }
  const tool = await findTool(target.toolId, stores, knownTool)
  // Deep Linking 2.0 §1: content selection is an instructor's act.
  if (!isTeachingRole(enrollment.roles)) {
    throw new LtiForbidden('LTI_DEEP_LINKING_NOT_ALLOWED', 'deep linking needs a teaching role', {
      cause: { reason: 'role', contextId: context.id, userId, roles: enrollment.roles },
    })
  }
  if (!tool.services.deepLinking) {
    throw new LtiForbidden('LTI_DEEP_LINKING_NOT_ALLOWED', 'deep linking is off for this tool', {
      cause: { reason: 'tool', toolId: tool.id },
    })
  }
  return {
    context,
    enrollment,
    tool,
    targetLinkUri: tool.deepLinkingUrl ?? tool.targetLinkUri,
  }
}

async function findTool(toolId: string, stores: LaunchStores, known?: Tool): Promise<Tool> {
  const tool = known?.id === toolId ? known : await stores.tools.findTool(toolId)
  if (!tool) {
    throw new LtiNotFound('LTI_TOOL_NOT_FOUND', 'no tool with this ID', { cause: { toolId } })
  }
  return requireActiveTool(tool)
}
