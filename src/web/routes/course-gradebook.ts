/**
 * The gradebook of one course: its columns (every line item, of any tool) and every stored score
 * of them, on its grading scale. Shared by the admin API and the instructor's gradebook page.
 */
import { gradebookRow } from '../../platform/gradebook.js'
import type { GradebookRow } from '../../platform/gradebook.js'
import type { Context, LineItem, PlatformStores } from '../../platform/ports.js'

export interface CourseGradebook {
  readonly rows: GradebookRow[]
  /** Every line item of the course by ID, in creation order: the columns, scored or not. */
  readonly lineItems: ReadonlyMap<string, LineItem>
}

export async function courseGradebook(
  stores: Pick<PlatformStores, 'scores' | 'lineItems'>,
  context: Context,
): Promise<CourseGradebook> {
  const [scores, columns] = await Promise.all([
    stores.scores.listContextScores(context.id),
    stores.lineItems.listContextLineItems(context.id),
  ])
  const lineItems = new Map(columns.map((lineItem) => [lineItem.id, lineItem]))
  // A line item created between the two reads has no column here: its scores wait for a reload.
  const rows = scores.flatMap((score) => {
    const lineItem = lineItems.get(score.lineItemId)
    return lineItem ? [gradebookRow(score, lineItem, context.gradingScale)] : []
  })
  return { rows, lineItems }
}
