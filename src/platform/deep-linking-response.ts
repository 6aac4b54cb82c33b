/**
 * Absorbs a tool's LtiDeepLinkingResponse: checks it (core `validateDeepLinkingResponse`), opens
 * the sealed `data` to learn which context and instructor the request was for, and turns the
 * content items into activities (with their line items) and course content.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message
 */
import type { ContentItem as WireContentItem } from '../core/deep-linking/content-item.js'
import { validateDeepLinkingResponse } from '../core/deep-linking/validate-deep-linking-response.js'
import { CLAIM } from '../core/claims.js'
import { LtiError, LtiForbidden, LtiNotFound, LtiRequestInvalid } from '../core/errors.js'
import type { KeyResolver } from '../core/launch/validate-launch.js'
import type { Clock, MacKey } from '../core/ports.js'
import { openDeepLinkingData } from './deep-linking-data.js'
import type { DeepLinkingData } from './deep-linking-data.js'
import { ACCEPTED_CONTENT_TYPES } from './deep-linking-request.js'
import type {
  ContentItem,
  LineItem,
  NewContentItem,
  NewLineItem,
  NewResourceLink,
  PlatformStores,
  ResourceLink,
  Tool,
} from './ports.js'
import { requireActiveTool } from './require-active-tool.js'
import { isTeachingRole } from './roles.js'
import { platformUrls } from './service-urls.js'

export interface AbsorbDeepLinkingDeps {
  stores: Pick<PlatformStores, 'tools' | 'contexts' | 'links' | 'lineItems' | 'nonces'>
  /** Tools' key sets, fetched from each tool's JWKS URL. */
  toolKeys: KeyResolver
  publicUrl: string
  clock: Clock
  clockSkewSeconds: number
  /** The key the request's `data` was sealed with. */
  messageHintKey: MacKey
  /** Dev mode: content URLs may be plain http. */
  dev: boolean
}

export interface AbsorbedDeepLinkingResponse {
  readonly contextId: string
  readonly toolId: string
  /** New activities, with `lineItemId` set where a line item was created for them. */
  readonly links: readonly ResourceLink[]
  readonly lineItems: readonly LineItem[]
  readonly contentItems: readonly ContentItem[]
  /** DL 2.0 §4.5: shown to the user. */
  readonly msg?: string
  readonly errormsg?: string
  /** DL 2.0 §4.5: for the platform's log, not the user. */
  readonly log?: string
  readonly errorlog?: string
}

type Write =
  | { kind: 'link'; link: NewResourceLink; lineItem?: Omit<NewLineItem, 'linkId'> }
  | { kind: 'content'; item: NewContentItem }

/**
 * Validates a deep linking response and writes what it adds to the context it was issued for.
 * Every item is checked before the first write.
 * @param jwt The `JWT` form field posted to the deep linking return URL.
 * @throws the codes of `validateDeepLinkingResponse`; LTI_DEEP_LINKING_RESPONSE_INVALID when
 *   `data` is altered, expired or for another tool; LTI_CONTEXT_NOT_FOUND;
 *   LTI_DEEP_LINKING_NOT_ALLOWED when the tool lost deep linking or the user lost the teaching
 *   role; LTI_TOOL_DISABLED, LTI_TOOL_PENDING_APPROVAL; LTI_INTERNAL (naming what was
 *   written) when a store write fails midway.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message
 */
export async function absorbDeepLinkingResponse(
  jwt: string,
  deps: AbsorbDeepLinkingDeps,
): Promise<AbsorbedDeepLinkingResponse> {
  const { stores, clock } = deps
  let opened: DeepLinkingData | undefined
  const response = await validateDeepLinkingResponse(jwt, {
    platformIssuer: platformUrls(deps.publicUrl).issuer,
    async findTool(clientId) {
      const tool = await stores.tools.findToolByClientId(clientId)
      return tool && { clientId, deploymentIds: [tool.deploymentId], jwksUrl: tool.jwksUrl, tool }
    },
    keys: deps.toolKeys,
    nonces: stores.nonces,
    clock,
    clockSkewSeconds: deps.clockSkewSeconds,
    async checkData(data, { tool }) {
      if (data === undefined) return false
      const subject = await openDeepLinkingData(data, { key: deps.messageHintKey, clock })
      if (subject === 'expired') throw badData('expired')
      // Bound to the tool it was issued to: another tool cannot replay it into this context.
      if (subject === 'invalid' || subject.toolId !== tool.id) return false
      opened = subject
      return true
    },
    dev: deps.dev,
    acceptTypes: ACCEPTED_CONTENT_TYPES,
  })
  const { tool } = response.tool
  const subject = opened as DeepLinkingData
  // Disabled while the instructor was picking: nothing it sends is placed.
  requireActiveTool(tool)

  if (!tool.services.deepLinking) {
    throw new LtiForbidden('LTI_DEEP_LINKING_NOT_ALLOWED', 'deep linking is off for this tool', {
      cause: { reason: 'tool', toolId: tool.id },
    })
  }
  const context = await stores.contexts.findContext(subject.contextId)
  if (!context) {
    throw new LtiNotFound('LTI_CONTEXT_NOT_FOUND', 'the context of the request is gone', {
      cause: { contextId: subject.contextId },
    })
  }
  // The instructor may have been unenrolled while picking content.
  const enrollment = await stores.contexts.findEnrollment(context.id, subject.userId)
  if (!enrollment || enrollment.status !== 'Active' || !isTeachingRole(enrollment.roles)) {
    throw new LtiForbidden('LTI_DEEP_LINKING_NOT_ALLOWED', 'deep linking needs a teaching role', {
      cause: { reason: 'role', contextId: context.id, userId: subject.userId },
    })
  }

  const plan = response.contentItems.map((item) =>
    planWrite(item, tool, context.id, subject.acceptLineItem),
  )
  const written = await write(plan, stores)
  return {
    contextId: context.id,
    toolId: tool.id,
    ...written,
    ...(response.msg === undefined ? {} : { msg: response.msg }),
    ...(response.errormsg === undefined ? {} : { errormsg: response.errormsg }),
    ...(response.log === undefined ? {} : { log: response.log }),
    ...(response.errorlog === undefined ? {} : { errorlog: response.errorlog }),
  }
}

function planWrite(
  item: WireContentItem,
  tool: Tool,
  contextId: string,
  acceptLineItem: boolean,
): Write {
  if (item.type !== 'ltiResourceLink') {
    return {
      kind: 'content',
      item: {
        contextId,
        toolId: tool.id,
        type: item.type,
        ...nonEmpty({
          title: item.title,
          text: item.text,
          url: item.type === 'html' ? undefined : item.url,
          html: item.type === 'html' ? item.html : undefined,
        }),
        raw: item as unknown as Record<string, unknown>,
      },
    }
  }
  const title = clean(item.title) ?? clean(item.lineItem?.label) ?? tool.name
  const link: NewResourceLink = {
    contextId,
    toolId: tool.id,
    title,
    ...nonEmpty({ text: item.text, url: item.url }),
    customParameters: item.custom ?? {},
    // DL 2.0 §3: `window` asks for a new window; `iframe`, or neither, opens in the course page.
    presentation: item.window && !item.iframe ? 'window' : 'iframe',
  }
  // DL 2.0 §4.4.1: with accept_lineitem false the platform ignores line items.
  if (!item.lineItem || !acceptLineItem) return { kind: 'link', link }
  const li = item.lineItem
  return {
    kind: 'link',
    link,
    lineItem: {
      contextId,
      toolId: tool.id,
      // DL 2.0 §3: without a label the line item takes the item's title.
      label: clean(li.label) ?? title,
      scoreMaximum: li.scoreMaximum,
      ...nonEmpty({
        resourceId: li.resourceId,
        tag: li.tag,
        startDateTime: item.submission?.startDateTime,
        endDateTime: item.submission?.endDateTime,
      }),
      ...(li.gradesReleased === undefined ? {} : { gradesReleased: li.gradesReleased }),
      // Submission Review 1.0 §3.1: the column may launch back to a learner's attempt.
      ...(li.submissionReview ? { submissionReview: li.submissionReview } : {}),
    },
  }
}

/**
 * The stores have no cross-port transaction, so a failed write cannot be rolled back; it is
 * reported with every row already written, never swallowed.
 */
async function write(plan: readonly Write[], stores: AbsorbDeepLinkingDeps['stores']) {
  const links: ResourceLink[] = []
  const lineItems: LineItem[] = []
  const contentItems: ContentItem[] = []
  try {
    for (const step of plan) {
      if (step.kind === 'content') {
        contentItems.push(await stores.links.createContentItem(step.item))
        continue
      }
      const link = await stores.links.createLink(step.link)
      links.push(link)
      if (!step.lineItem) continue
      const lineItem = await stores.lineItems.createLineItem({ ...step.lineItem, linkId: link.id })
      lineItems.push(lineItem)
      await stores.links.setLinkLineItem(link.id, lineItem.id)
      links[links.length - 1] = { ...link, lineItemId: lineItem.id }
    }
  } catch (error) {
    throw new LtiError('LTI_INTERNAL', 'deep linking response only partly absorbed', {
      cause: {
        error: error instanceof Error ? error.message : String(error),
        written: {
          links: links.map((l) => l.id),
          lineItems: lineItems.map((l) => l.id),
          contentItems: contentItems.map((c) => c.id),
        },
      },
    })
  }
  return { links, lineItems, contentItems }
}

function badData(reason: string): LtiError {
  return new LtiRequestInvalid('LTI_DEEP_LINKING_RESPONSE_INVALID', `"data" claim is ${reason}`, {
    cause: { claim: CLAIM.deepLinkingData, reason },
  })
}

function clean(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}

/** The members with a non-blank string value, trimmed. */
function nonEmpty<K extends string>(
  values: Record<K, string | undefined>,
): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {}
  for (const [key, value] of Object.entries(values) as [K, string | undefined][]) {
    const v = clean(value)
    if (v !== undefined) out[key] = v
  }
  return out
}
