/**
 * What a launch's AGS endpoint claim lets the tool do for grade passback.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#assignment-and-grade-service-claim
 */
import { SCOPE } from '../../core/claims.js'

/** The grade services of one resource link, read from its AGS claim. */
export interface AgsService {
  /** The line item the platform bound to the resource link (AGS 2.0 §3.1 `lineitem`). */
  readonly lineItem?: string
  /** The line items container of the context (`lineitems`). */
  readonly lineItems?: string
  /** The claim grants `lineitem` or `lineitem.readonly`: line items can be read. */
  readonly canReadLineItems: boolean
  /** The claim grants `lineitem`: the tool may create a line item. */
  readonly canCreateLineItems: boolean
  /** The scopes to ask the token endpoint for: the AGS scopes of the claim the tool uses. */
  readonly scopes: readonly string[]
}

const USED = [SCOPE.agsScore, SCOPE.agsLineItem, SCOPE.agsLineItemReadonly] as const

/**
 * The grade passback service of a stored AGS claim, or `undefined` when there is none: no claim,
 * no score scope (AGS 2.0 §3.1: the tool may only use the scopes the claim lists), or neither a
 * `lineitem` nor a `lineitems` URL to post against.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#assignment-and-grade-service-claim
 */
export function readAgsService(claim: unknown): AgsService | undefined {
  if (typeof claim !== 'object' || claim === null) return undefined
  const { scope, lineitem, lineitems } = claim as Record<string, unknown>
  const granted = Array.isArray(scope) ? scope.filter((s) => typeof s === 'string') : []
  if (!granted.includes(SCOPE.agsScore)) return undefined
  const lineItem = absoluteUrl(lineitem)
  const lineItems = absoluteUrl(lineitems)
  if (!lineItem && !lineItems) return undefined
  const canCreate = granted.includes(SCOPE.agsLineItem)
  return {
    ...(lineItem ? { lineItem } : {}),
    ...(lineItems ? { lineItems } : {}),
    canReadLineItems: canCreate || granted.includes(SCOPE.agsLineItemReadonly),
    canCreateLineItems: canCreate,
    scopes: USED.filter((s) => granted.includes(s)),
  }
}

function absoluteUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined
  try {
    return new URL(value).href
  } catch {
    return undefined
  }
}
