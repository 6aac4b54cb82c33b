/**
 * Which line item a resource link's scores go to: the one the launch named, else the one found
 * in the container by resource link, else one the tool creates when its scope allows.
 */
import type { LineItem } from '../../core/ags/types.js'
import { MEDIA_TYPE } from '../../core/claims.js'
import type { Clock } from '../../core/ports.js'
import type { AgsClient } from './ags-client.js'
import type { AgsService } from './ags-service.js'
import { createLineItem } from './create-line-item.js'
import { findLineItem } from './find-line-item.js'
import { readLineItem } from './read-line-item.js'
import type { KnownLineItem } from './read-line-item.js'

export interface ResolvedLineItem extends KnownLineItem {
  /** `false` when it came from this process's cache: a 404 then warrants one fresh look. */
  readonly fresh: boolean
}

export interface ResolveLineItemInput {
  readonly client: AgsClient
  readonly registrationId: string
  readonly service: AgsService
  readonly resourceLinkId: string
  /** The line item to create when none exists (label, `scoreMaximum`, `resourceLinkId` …). */
  readonly newLineItem: () => LineItem | Promise<LineItem>
  /**
   * Runs the create step under a lock shared by every instance, so two of them do not both add
   * a column; may throw to defer. Without it, creation is single-flight in this process only.
   */
  readonly guardCreate?: <T>(key: string, create: () => Promise<T>) => Promise<T>
}

export interface LineItemResolver {
  /**
   * The line item, or `'unavailable'` when the launch named none, the container has none for
   * the resource link and the claim does not grant the `lineitem` scope to create one.
   * @throws what {@link AgsClient.call} throws, and what `guardCreate` throws.
   */
  resolve(input: ResolveLineItemInput): Promise<ResolvedLineItem | 'unavailable'>
  /** Forgets a cached line item (after a 404). */
  forget(input: Pick<ResolveLineItemInput, 'registrationId' | 'service' | 'resourceLinkId'>): void
}

export interface LineItemResolverOptions {
  readonly clock: Clock
  /** How long a resolved line item is reused; default 10 minutes. */
  readonly ttlMs?: number
  readonly maxEntries?: number
}

/**
 * A resolver with a per-process cache: a burst of results for one resource link costs one
 * discovery, and concurrent misses share it.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service
 */
export function createLineItemResolver(options: LineItemResolverOptions): LineItemResolver {
  const { clock, ttlMs = 10 * 60_000, maxEntries = 10_000 } = options
  const cache = new Map<string, { item: KnownLineItem; at: number }>()
  const inflight = new Map<string, Promise<KnownLineItem | 'unavailable'>>()

  const keyOf = ({ registrationId, service, resourceLinkId }: KeyInput) =>
    service.lineItem
      ? JSON.stringify([registrationId, service.lineItem])
      : JSON.stringify([registrationId, service.lineItems, resourceLinkId])

  async function lookUp(input: ResolveLineItemInput): Promise<KnownLineItem | 'unavailable'> {
    const { client, service, resourceLinkId } = input
    if (service.lineItem) {
      // With the score scope alone the line item cannot be read: its scale stays unknown.
      if (!service.canReadLineItems) return { url: service.lineItem }
      const response = await client.call({
        method: 'GET',
        url: service.lineItem,
        accept: MEDIA_TYPE.lineItem,
      })
      const read = readLineItem(response.body)
      return {
        url: service.lineItem,
        ...(read?.scoreMaximum === undefined ? {} : { scoreMaximum: read.scoreMaximum }),
      }
    }
    const lineItemsUrl = service.lineItems
    if (!lineItemsUrl || !service.canReadLineItems) return 'unavailable'
    const find = () => findLineItem({ client, lineItemsUrl, resourceLinkId })
    const found = await find()
    if (found) return found
    if (!service.canCreateLineItems) return 'unavailable'
    const create = async () =>
      // Another instance may have created it while this one waited for the lock.
      (await find()) ?? (await createLineItem(client, lineItemsUrl, await input.newLineItem()))
    return input.guardCreate ? input.guardCreate(keyOf(input), create) : create()
  }

  return {
    async resolve(input) {
      const key = keyOf(input)
      const cached = cache.get(key)
      if (cached && clock.now() - cached.at < ttlMs) return { ...cached.item, fresh: false }
      let pending = inflight.get(key)
      if (!pending) {
        pending = lookUp(input).finally(() => inflight.delete(key))
        inflight.set(key, pending)
      }
      const item = await pending
      if (item === 'unavailable') return item
      cache.delete(key)
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string)
      cache.set(key, { item, at: clock.now() })
      return { ...item, fresh: true }
    },

    forget(input) {
      cache.delete(keyOf(input))
    },
  }
}

type KeyInput = Pick<ResolveLineItemInput, 'registrationId' | 'service' | 'resourceLinkId'>
