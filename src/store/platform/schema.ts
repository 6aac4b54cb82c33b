/**
 * Kysely table types of the platform (the LMS side), all prefixed `platform_`. As in
 * `../schema.ts`: times are epoch milliseconds in `bigint` read back as numbers, JSON documents
 * are `text`, IDs are `text`, and nullable columns are optional on insert.
 */

export interface PlatformUsersTable {
  id: string
  /** Lower-cased; unique. */
  email: string
  name: string
  given_name: string | null
  family_name: string | null
  password_hash: string
  /** 1 for a user who may use the admin pages, else 0. */
  is_admin: number
  created_at: number
}

export interface PlatformContextsTable {
  id: string
  title: string
  label: string | null
  /** JSON text of the `GradingScale`. */
  grading_scale: string
  created_at: number
}

export interface PlatformEnrollmentsTable {
  context_id: string
  user_id: string
  /** JSON text: an array of context role short names. */
  roles: string
  status: 'Active' | 'Inactive'
  created_at: number
}

export interface PlatformToolsTable {
  id: string
  name: string
  client_id: string
  deployment_id: string
  oidc_login_url: string
  /** JSON text: an array of URLs. */
  redirect_uris: string
  target_link_uri: string
  jwks_url: string
  deep_linking_url: string | null
  /** JSON text: a string-to-string map. */
  custom_parameters: string
  /** JSON text: `{ sendName, sendEmail }`. */
  privacy: string
  /** JSON text: `{ ags, nrps, deepLinking }`. */
  services: string
  /** `pending` until an admin approves a tool that registered itself; `disabled` by an admin. */
  status: 'active' | 'pending' | 'disabled'
  /** The LTI 1.1 registration this tool replaces: its launches carry the `lti1p1` claim. */
  lti11_tool_id: string | null
  created_at: number
}

export interface PlatformResourceLinksTable {
  id: string
  context_id: string
  /** A 1.3 tool (`platform_tools`) or a 1.1 tool (`platform_lti11_tools`). */
  tool_id: string
  resource_link_id: string
  title: string
  text: string | null
  url: string | null
  /** JSON text: a string-to-string map. */
  custom_parameters: string
  line_item_id: string | null
  /** `iframe` or `window`: how the activity opens. */
  presentation: 'iframe' | 'window'
  created_at: number
}

export interface PlatformContentItemsTable {
  id: string
  context_id: string
  tool_id: string
  type: 'link' | 'file' | 'html' | 'image'
  title: string | null
  text: string | null
  url: string | null
  html: string | null
  /** JSON text of the content item as the tool sent it. */
  raw: string
  created_at: number
}

export interface PlatformLineItemsTable {
  id: string
  context_id: string
  tool_id: string
  link_id: string | null
  label: string
  score_maximum: number
  resource_id: string | null
  tag: string | null
  start_date_time: string | null
  end_date_time: string | null
  /** 1 or 0; an integer because SQLite has no boolean and its driver binds none. */
  grades_released: number | null
  /** JSON text of the `SubmissionReview`. */
  submission_review: string | null
  created_at: number
}

export interface PlatformScoresTable {
  line_item_id: string
  user_id: string
  score_given: number | null
  score_maximum: number | null
  comment: string | null
  activity_progress: string
  grading_progress: string
  /** The tool's ISO 8601 timestamp as sent. */
  timestamp: string
  timestamp_micros: number
  /** JSON text of the submission object. */
  submission: string | null
  received_at: number
}

/** An LTI 1.1 tool: launched with OAuth 1.0a-signed form posts, graded by Basic Outcomes. */
export interface PlatformLti11ToolsTable {
  id: string
  name: string
  launch_url: string
  consumer_key: string
  /** The shared secret sealed with the SecretBox, as private keys are. */
  encrypted_shared_secret: string
  /** JSON text: a string-to-string map. */
  custom_parameters: string
  /** JSON text: `{ sendName, sendEmail }`. */
  privacy: string
  status: 'active' | 'disabled'
  created_at: number
}

/** The platform's tables, merged into `Database`. */
export interface PlatformTables {
  platform_users: PlatformUsersTable
  platform_contexts: PlatformContextsTable
  platform_enrollments: PlatformEnrollmentsTable
  platform_tools: PlatformToolsTable
  platform_lti11_tools: PlatformLti11ToolsTable
  platform_resource_links: PlatformResourceLinksTable
  platform_content_items: PlatformContentItemsTable
  platform_line_items: PlatformLineItemsTable
  platform_scores: PlatformScoresTable
}
