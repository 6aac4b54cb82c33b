/**
 * Reads the body of a line item create or update request (AGS 2.0 §3.2) into a typed line item.
 */
import { LtiRequestInvalid } from '../errors.js'
import { isDateTime } from './parse-timestamp.js'
import { ACTIVITY_PROGRESS } from './types.js'
import type { LineItem, SubmissionReview } from './types.js'

/** Longest label, resourceId, tag and resourceLinkId taken. */
export const MAX_LINE_ITEM_TEXT = 1024

// Submission Review 1.0 §3.1: the activity progress values, plus None and Any.
const REVIEWABLE_STATUS: readonly string[] = ['None', 'Any', ...ACTIVITY_PROGRESS]

/**
 * Checks a line item body. The `id` a tool may echo on update is ignored (the URL names the
 * line item), as are unknown properties (extensions).
 * @throws LTI_LINE_ITEM_INVALID with `fields` naming each bad property.
 * @see https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service
 */
export function parseLineItem(body: unknown): Omit<LineItem, 'id'> {
  if (!isObject(body)) throw invalid({ '(body)': 'must be a JSON object' })
  const fields: Record<string, string> = {}

  // AGS 2.0 §3.2.4: a label is required and must not be blank.
  const label = body.label
  if (typeof label !== 'string' || label.trim() === '' || label.length > MAX_LINE_ITEM_TEXT) {
    fields.label = `must be a non-blank string of at most ${MAX_LINE_ITEM_TEXT} characters`
  }
  // AGS 2.0 §3.2.5: scoreMaximum is a number above 0.
  const scoreMaximum = body.scoreMaximum
  if (typeof scoreMaximum !== 'number' || !Number.isFinite(scoreMaximum) || scoreMaximum <= 0) {
    fields.scoreMaximum = 'must be a number above 0'
  }
  const item: Omit<LineItem, 'id'> = {
    label: label as string,
    scoreMaximum: scoreMaximum as number,
  }
  for (const key of ['resourceLinkId', 'resourceId', 'tag'] as const) {
    const value = body[key] ?? undefined
    if (value === undefined) continue
    if (typeof value === 'string' && value.length <= MAX_LINE_ITEM_TEXT) item[key] = value
    else fields[key] = `must be a string of at most ${MAX_LINE_ITEM_TEXT} characters`
  }
  // AGS 2.0 §3.2.7: start and end are ISO 8601 date-times with a time zone.
  for (const key of ['startDateTime', 'endDateTime'] as const) {
    const value = body[key] ?? undefined
    if (value === undefined) continue
    if (isDateTime(value)) item[key] = value
    else fields[key] = 'must be an ISO 8601 date-time with a time zone'
  }
  const gradesReleased = body.gradesReleased ?? undefined
  if (typeof gradesReleased === 'boolean') item.gradesReleased = gradesReleased
  else if (gradesReleased !== undefined) fields.gradesReleased = 'must be a boolean'
  const review = body.submissionReview ?? undefined
  if (review !== undefined) {
    const parsed = parseSubmissionReview(review, fields)
    if (parsed) item.submissionReview = parsed
  }

  if (Object.keys(fields).length > 0) throw invalid(fields)
  return item
}

// Submission Review 1.0 §3.1: how the tool wants its submissions reviewed from the gradebook.
function parseSubmissionReview(
  value: unknown,
  fields: Record<string, string>,
): SubmissionReview | undefined {
  if (!isObject(value)) {
    fields.submissionReview = 'must be an object'
    return undefined
  }
  const review: SubmissionReview = {}
  const status = value.reviewableStatus ?? undefined
  if (
    Array.isArray(status) &&
    status.every((s) => typeof s === 'string' && REVIEWABLE_STATUS.includes(s))
  ) {
    review.reviewableStatus = status as string[]
  } else if (status !== undefined) {
    fields['submissionReview.reviewableStatus'] =
      `must be an array of ${REVIEWABLE_STATUS.join(', ')}`
  }
  const label = value.label ?? undefined
  if (typeof label === 'string' && label.length <= MAX_LINE_ITEM_TEXT) review.label = label
  else if (label !== undefined) fields['submissionReview.label'] = 'must be a string'
  const url = value.url ?? undefined
  if (typeof url === 'string' && isHttpUrl(url)) review.url = url
  else if (url !== undefined) fields['submissionReview.url'] = 'must be an http(s) URL'
  const custom = value.custom ?? undefined
  if (isObject(custom) && Object.values(custom).every((v) => typeof v === 'string')) {
    review.custom = { ...(custom as Record<string, string>) }
  } else if (custom !== undefined) {
    fields['submissionReview.custom'] = 'must be an object of strings'
  }
  return review
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value)
    return protocol === 'https:' || protocol === 'http:'
  } catch {
    return false
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function invalid(fields: Record<string, string>): LtiRequestInvalid {
  const names = Object.keys(fields)
  return new LtiRequestInvalid(
    'LTI_LINE_ITEM_INVALID',
    `invalid line item property "${names[0]}"`,
    {
      fields,
      cause: { fields: names },
    },
  )
}
