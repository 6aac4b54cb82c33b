/**
 * One content item checked against DL 2.0 §3: known type, the properties each type requires,
 * URLs a browser may follow, strings and collections of bounded size. Shared by the platform
 * (which receives items) and the tool (which must not send what a platform would refuse).
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#content-item-types
 */
import { LtiRequestInvalid } from '../errors.js'
import { CONTENT_ITEM_TYPES } from './content-item.js'
import type { ContentItem } from './content-item.js'

const MAX_URL = 2048
const MAX_TITLE = 1024
const MAX_TEXT = 10_000
const MAX_HTML = 60_000
/** Identifiers and labels (Core 1.3 §5.3.5 bounds ids to 255 characters). */
const MAX_ID = 255
const MAX_CUSTOM_ENTRIES = 100
const MAX_CUSTOM_VALUE = 4096
const MAX_DATE = 64

export interface ContentItemPolicy {
  /** Dev mode: plain `http:` URLs are accepted too. */
  readonly dev: boolean
}

type Json = Record<string, unknown>

/**
 * Checks one content item and returns it with custom parameter values as strings (some tools
 * send numbers or booleans). Unknown extra properties are kept: DL 2.0 §3 lets a platform
 * ignore what it does not know.
 * @param index The item's position in `content_items`, named in the error.
 * @throws LTI_CONTENT_ITEM_INVALID naming the item and the property.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#content-item-types
 */
export function parseContentItem(
  value: unknown,
  index: number,
  policy: ContentItemPolicy,
): ContentItem {
  const check: ItemCheck = new ItemCheck(index, policy)
  if (!isObject(value)) return check.fail('(item)', 'must be an object')
  const type = value.type
  if (!(CONTENT_ITEM_TYPES as readonly unknown[]).includes(type)) {
    return check.fail('type', 'is not a known content item type')
  }
  check.optionalString(value, 'title', MAX_TITLE)
  check.optionalString(value, 'text', MAX_TEXT)
  switch (type) {
    case 'ltiResourceLink': {
      if (value.url !== undefined) check.url(value.url, 'url')
      check.images(value)
      check.presentation(value, false)
      check.windowOfTime(value, 'available')
      check.windowOfTime(value, 'submission')
      const item: Json = { ...value }
      if (value.lineItem !== undefined) item.lineItem = check.lineItem(value.lineItem)
      if (value.custom !== undefined) item.custom = check.custom(value.custom)
      return item as unknown as ContentItem
    }
    case 'link':
      check.url(value.url, 'url')
      check.images(value)
      check.presentation(value, true)
      if (value.embed !== undefined) {
        if (!isObject(value.embed)) check.fail('embed', 'must be an object')
        check.requiredString(value.embed, 'embed.html', 'html', MAX_HTML)
      }
      break
    case 'file':
      check.url(value.url, 'url')
      check.images(value)
      if (value.expiresAt !== undefined) check.dateTime(value.expiresAt, 'expiresAt')
      break
    case 'html':
      check.requiredString(value, 'html', 'html', MAX_HTML)
      break
    case 'image':
      check.url(value.url, 'url')
      check.images(value)
      check.dimensions(value, '')
      break
  }
  return value as unknown as ContentItem
}

class ItemCheck {
  constructor(
    private readonly index: number,
    private readonly policy: ContentItemPolicy,
  ) {}

  fail(field: string, problem: string): never {
    throw new LtiRequestInvalid(
      'LTI_CONTENT_ITEM_INVALID',
      `content item ${this.index}: "${field}" ${problem}`,
      { cause: { index: this.index, field } },
    )
  }

  /** Only web URLs: a `javascript:` or `data:` URL would run in the platform's origin. */
  url(value: unknown, field: string): void {
    if (typeof value !== 'string' || value.length > MAX_URL) {
      this.fail(field, `must be a URL of at most ${MAX_URL} characters`)
    }
    let url: URL
    try {
      url = new URL(value)
    } catch {
      return this.fail(field, 'must be an absolute URL')
    }
    if (url.username !== '' || url.password !== '') this.fail(field, 'must not embed credentials')
    // Security Framework §3: TLS everywhere; dev mode relaxes it for local testing.
    if (url.protocol === 'https:' || (url.protocol === 'http:' && this.policy.dev)) return
    this.fail(field, 'must use https')
  }

  optionalString(item: Json, field: string, max: number): void {
    const value = item[field]
    if (value !== undefined && (typeof value !== 'string' || value.length > max)) {
      this.fail(field, `must be a string of at most ${max} characters`)
    }
  }

  requiredString(item: Json, label: string, field: string, max: number): void {
    const value = item[field]
    if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
      this.fail(label, `must be a non-empty string of at most ${max} characters`)
    }
  }

  images(item: Json): void {
    for (const field of ['icon', 'thumbnail']) {
      const image = item[field]
      if (image === undefined) continue
      if (!isObject(image)) this.fail(field, 'must be an object')
      this.url(image.url, `${field}.url`)
      this.dimensions(image, `${field}.`)
    }
  }

  dimensions(item: Json, prefix: string): void {
    for (const field of ['width', 'height']) {
      const value = item[field]
      if (value === undefined) continue
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 100_000) {
        this.fail(`${prefix}${field}`, 'must be a positive number')
      }
    }
  }

  presentation(item: Json, withSrc: boolean): void {
    if (item.window !== undefined) {
      const window = item.window
      if (!isObject(window)) return this.fail('window', 'must be an object')
      this.optionalString(window, 'targetName', MAX_ID)
      this.optionalString(window, 'windowFeatures', MAX_TITLE)
      this.dimensions(window, 'window.')
    }
    if (item.iframe !== undefined) {
      const iframe = item.iframe
      if (!isObject(iframe)) return this.fail('iframe', 'must be an object')
      if (withSrc && iframe.src !== undefined) this.url(iframe.src, 'iframe.src')
      this.dimensions(iframe, 'iframe.')
    }
  }

  dateTime(value: unknown, field: string): void {
    if (typeof value !== 'string' || value.length > MAX_DATE || Number.isNaN(Date.parse(value))) {
      this.fail(field, 'must be an ISO 8601 date-time')
    }
  }

  windowOfTime(item: Json, field: 'available' | 'submission'): void {
    const span = item[field]
    if (span === undefined) return
    if (!isObject(span)) return this.fail(field, 'must be an object')
    for (const end of ['startDateTime', 'endDateTime']) {
      if (span[end] !== undefined) this.dateTime(span[end], `${field}.${end}`)
    }
  }

  /** The line item, its submission review's custom values as strings. */
  lineItem(lineItem: unknown): Json {
    if (!isObject(lineItem)) return this.fail('lineItem', 'must be an object')
    const max = lineItem.scoreMaximum
    // AGS 2.0 line item: scoreMaximum is a number greater than 0.
    if (typeof max !== 'number' || !Number.isFinite(max) || max <= 0) {
      this.fail('lineItem.scoreMaximum', 'must be a number above 0')
    }
    for (const field of ['label', 'resourceId', 'tag']) {
      const value = lineItem[field]
      if (value !== undefined && (typeof value !== 'string' || value.length > MAX_ID)) {
        this.fail(`lineItem.${field}`, `must be a string of at most ${MAX_ID} characters`)
      }
    }
    if (lineItem.gradesReleased !== undefined && typeof lineItem.gradesReleased !== 'boolean') {
      this.fail('lineItem.gradesReleased', 'must be a boolean')
    }
    if (lineItem.submissionReview === undefined) return lineItem
    return { ...lineItem, submissionReview: this.submissionReview(lineItem.submissionReview) }
  }

  /** Submission Review 1.0 §3.1: where and for which statuses the column opens an attempt. */
  submissionReview(review: unknown): Json {
    const field = 'lineItem.submissionReview'
    if (!isObject(review)) return this.fail(field, 'must be an object')
    const statuses = review.reviewableStatus
    if (
      statuses !== undefined &&
      (!Array.isArray(statuses) ||
        statuses.length > 20 ||
        !statuses.every((s) => typeof s === 'string' && s.length <= MAX_ID))
    ) {
      this.fail(`${field}.reviewableStatus`, 'must be an array of status names')
    }
    this.optionalString(review, 'label', MAX_ID)
    if (review.url !== undefined) this.url(review.url, `${field}.url`)
    if (review.custom === undefined) return review
    return { ...review, custom: this.custom(review.custom, `${field}.custom`) }
  }

  /** Core 1.3 §5.4.6: custom parameters are a flat map of strings. */
  custom(custom: unknown, field = 'custom'): Record<string, string> {
    if (!isObject(custom) || Object.keys(custom).length > MAX_CUSTOM_ENTRIES) {
      return this.fail(field, `must be an object of at most ${MAX_CUSTOM_ENTRIES} entries`)
    }
    const entries: [string, string][] = []
    for (const [key, value] of Object.entries(custom)) {
      const text = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value
      if (key === '' || key.length > MAX_ID || typeof text !== 'string') {
        this.fail(`${field}.${key.slice(0, 40)}`, 'must be a string value under a non-empty key')
      }
      if (text.length > MAX_CUSTOM_VALUE) {
        this.fail(`${field}.${key.slice(0, 40)}`, `must be at most ${MAX_CUSTOM_VALUE} characters`)
      }
      entries.push([key, text])
    }
    // fromEntries defines own members, so a parameter named "__proto__" stays a parameter.
    return Object.fromEntries(entries)
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
