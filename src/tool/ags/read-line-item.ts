/**
 * The parts of a platform's line item the tool relies on (AGS 2.0 §3.2), read defensively:
 * the JSON comes from another system.
 */

/** A line item as the tool uses it: where to post and on what scale. */
export interface KnownLineItem {
  readonly url: string
  /** Absent when the platform's value is missing or not positive. */
  readonly scoreMaximum?: number
  readonly resourceLinkId?: string
}

/** `undefined` for anything without a string `id` that is an absolute URL. */
export function readLineItem(value: unknown): KnownLineItem | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const { id, scoreMaximum, resourceLinkId } = value as Record<string, unknown>
  if (typeof id !== 'string') return undefined
  let url: string
  try {
    url = new URL(id).href
  } catch {
    return undefined
  }
  return {
    url,
    ...(typeof scoreMaximum === 'number' && Number.isFinite(scoreMaximum) && scoreMaximum > 0
      ? { scoreMaximum }
      : {}),
    ...(typeof resourceLinkId === 'string' ? { resourceLinkId } : {}),
  }
}
