/**
 * The gradebook of one course: every stored score of its line items, on its grading scale.
 * Shared by the admin API and the instructor's course page.
 */
import { gradebookRow } from '../../platform/gradebook.js'
import type { GradebookRow } from '../../platform/gradebook.js'
import type { Context, LineItem, PlatformStores } from '../../platform/ports.js'

export interface CourseGradebook {
  readonly rows: GradebookRow[]
  /** The line items the rows refer to, by ID (labels for the course page). */
  readonly lineItems: ReadonlyMap<string, LineItem>
}

export async function courseGradebook(
  stores: Pick<PlatformStores, 'scores' | 'lineItems'>,
  context: Context,
): Promise<CourseGradebook> {
  const scores = await stores.scores.listContextScores(context.id)
  const ids = [...new Set(scores.map((score) => score.lineItemId))]
  const found = await Promise.all(ids.map((id) => stores.lineItems.findLineItem(id)))
  const lineItems = new Map<string, LineItem>()
  for (const lineItem of found) if (lineItem) lineItems.set(lineItem.id, lineItem)
  // A line item deleted between the two reads took its scores with it: skip them.
  const rows = scores.flatMap((score) => {
    const lineItem = lineItems.get(score.lineItemId)
    return lineItem ? [gradebookRow(score, lineItem, context.gradingScale)] : []
  })
  return { rows, lineItems }
}
