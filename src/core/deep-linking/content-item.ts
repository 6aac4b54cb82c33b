/**
 * The content items of a Deep Linking response, spelled as the wire spells them (DL 2.0 uses
 * camelCase inside content items). A tool builds these; a platform receives them.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#content-item-types
 */

import type { SubmissionReview } from '../ags/types.js'

/** DL 2.0 §3: the item types this suite knows. Other types exist only as vendor extensions. */
export const CONTENT_ITEM_TYPES = ['ltiResourceLink', 'link', 'file', 'html', 'image'] as const
export type ContentItemType = (typeof CONTENT_ITEM_TYPES)[number]

/** DL 2.0 §4.4.1 `accept_presentation_document_targets` values. */
export const DOCUMENT_TARGETS = ['iframe', 'window', 'embed'] as const
export type DocumentTarget = (typeof DOCUMENT_TARGETS)[number]

/** DL 2.0 §3 (Link, LTI Resource Link): `icon` and `thumbnail`. */
export interface ContentItemImage {
  url: string
  width?: number
  height?: number
}

/** DL 2.0 §3 (Link, LTI Resource Link) `window`: open in a new window or tab. */
export interface ContentItemWindow {
  targetName?: string
  width?: number
  height?: number
  /** Comma-separated `window.open` features. */
  windowFeatures?: string
}

/** DL 2.0 §3 (Link, LTI Resource Link) `iframe`: embed in an iframe (`src` for `link` only). */
export interface ContentItemIframe {
  src?: string
  width?: number
  height?: number
}

/** DL 2.0 §3 (Link) `embed`: HTML the platform embeds to show a `link`. */
export interface ContentItemEmbed {
  html: string
}

/** DL 2.0 §3 (LTI Resource Link) `available`, `submission`: ISO 8601, each end optional. */
export interface ContentItemWindowOfTime {
  startDateTime?: string
  endDateTime?: string
}

/**
 * DL 2.0 §3 (LTI Resource Link) `lineItem`: the platform creates a gradebook column bound to the new link.
 * `label` defaults to the item's title; `gradesReleased` comes from the DL 2.0 errata.
 */
export interface ContentItemLineItem {
  scoreMaximum: number
  label?: string
  resourceId?: string
  tag?: string
  gradesReleased?: boolean
  /** Submission Review 1.0 §3.1: the column launches back to a learner's attempt. */
  submissionReview?: SubmissionReview
}

/**
 * DL 2.0 §3, LTI Resource Link: a launchable link back into the tool.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#lti-resource-link
 */
export interface LtiResourceLinkItem {
  type: 'ltiResourceLink'
  /** Launch URL; the tool's target link URI when absent. */
  url?: string
  title?: string
  text?: string
  icon?: ContentItemImage
  thumbnail?: ContentItemImage
  window?: ContentItemWindow
  iframe?: Omit<ContentItemIframe, 'src'>
  /** Custom parameters sent with every launch of the link (Core 1.3 §5.4.6). */
  custom?: Record<string, string>
  lineItem?: ContentItemLineItem
  available?: ContentItemWindowOfTime
  submission?: ContentItemWindowOfTime
}

/**
 * DL 2.0 §3, Link: a plain link to a web page.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#link
 */
export interface LinkItem {
  type: 'link'
  url: string
  title?: string
  text?: string
  icon?: ContentItemImage
  thumbnail?: ContentItemImage
  embed?: ContentItemEmbed
  window?: ContentItemWindow
  iframe?: ContentItemIframe
}

/**
 * DL 2.0 §3, File: a file the platform may copy; the URL may stop working at `expiresAt`.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#file
 */
export interface FileItem {
  type: 'file'
  url: string
  title?: string
  text?: string
  icon?: ContentItemImage
  thumbnail?: ContentItemImage
  expiresAt?: string
}

/**
 * DL 2.0 §3, HTML fragment: markup the platform embeds.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#html-fragment
 */
export interface HtmlItem {
  type: 'html'
  html: string
  title?: string
  text?: string
}

/**
 * DL 2.0 §3, Image: an image the platform shows.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#image
 */
export interface ImageItem {
  type: 'image'
  url: string
  title?: string
  text?: string
  icon?: ContentItemImage
  thumbnail?: ContentItemImage
  width?: number
  height?: number
}

/** One content item of a Deep Linking response. */
export type ContentItem = LtiResourceLinkItem | LinkItem | FileItem | HtmlItem | ImageItem
