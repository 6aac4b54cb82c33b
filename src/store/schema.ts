/**
 * Kysely table types: the database as the repositories see it. Times are epoch milliseconds
 * (`bigint`, read back as JS numbers on both dialects), JSON is `text`, IDs are `text`.
 * Nullable columns are optional on insert.
 */

import type { PlatformTables } from './platform/schema.js'

export interface WorkspacesTable {
  id: string
  slug: string
  name: string
  created_at: number
}

export interface ScenariosTable {
  id: string
  workspace_id: string
  slug: string
  title: string
  description: string | null
  /** The authored script as JSON text (`tool/scenarios`), checked when saved. */
  script: string | null
  created_at: number
}

export interface RegistrationsTable {
  id: string
  workspace_id: string
  name: string
  issuer: string
  client_id: string
  authentication_request_url: string
  access_token_url: string
  jwks_url: string
  created_at: number
}

export interface DeploymentsTable {
  registration_id: string
  deployment_id: string
}

export interface UsedNoncesTable {
  nonce: string
  expires_at: number
}

export interface KeysTable {
  kid: string
  owner_id: string
  alg: 'RS256'
  status: 'next' | 'active' | 'retired'
  /** JSON text of the public JWK. */
  public_jwk: string
  encrypted_private_jwk: string
  created_at: number
  activated_at: number | null
  retired_at: number | null
}

export interface MembersTable {
  id: string
  workspace_id: string
  name: string | null
  email: string | null
  role: 'Member' | 'Admin'
  /** JSON text: the LMS role URIs of the latest launch. */
  lms_roles: string
  created_at: number
  updated_at: number
  /** Workspace admins' scrypt hash (`platform/password`); null for launch-provisioned members. */
  password_hash: string | null
}

export interface MemberIdentitiesTable {
  workspace_id: string
  issuer: string
  sub: string
  member_id: string
}

export interface LtiContextsTable {
  id: string
  registration_id: string
  deployment_id: string
  context_id: string
  label: string | null
  title: string | null
  /** JSON text: the context type URIs. */
  types: string | null
  updated_at: number
}

export interface ResourceLinksTable {
  id: string
  registration_id: string
  deployment_id: string
  resource_link_id: string
  /** `lti_contexts.id` of the link's context. */
  context_ref: string | null
  title: string | null
  description: string | null
  scenario_id: string | null
  /** JSON text of the AGS endpoint claim. */
  ags_endpoint: string | null
  /** JSON text of the NRPS claim. */
  nrps_service: string | null
  updated_at: number
}

export interface EnrollmentsTable {
  member_id: string
  /** `lti_contexts.id`. */
  context_ref: string
  /** JSON text: the role URIs of the latest launch in this context. */
  roles: string
  last_launch_at: number
}

export interface LaunchLogTable {
  id: string
  workspace_id: string | null
  correlation_id: string
  at: number
  outcome: 'success' | 'failure'
  error_code: string | null
  message: string | null
  issuer: string | null
  client_id: string | null
  deployment_id: string | null
  message_type: string | null
  member_id: string | null
  scenario_id: string | null
  /** JSON text of the redacted id_token claims. */
  claims: string | null
}

export interface RostersTable {
  id: string
  registration_id: string
  /** The LMS's context ID (`lti_contexts.context_id`, not its row ID). */
  context_id: string
  memberships_url: string
  synced_at: number | null
  last_attempt_at: number | null
  last_error_code: string | null
}

export interface RosterMembersTable {
  roster_id: string
  /** NRPS `user_id`: the member's `sub`. */
  user_id: string
  status: 'Active' | 'Inactive' | 'Deleted'
  /** JSON text: role URIs. */
  roles: string
  name: string | null
  email: string | null
}

/** A learner's run of a scenario within one resource link (see `tool/ports` Attempt). */
export interface AttemptsTable {
  id: string
  workspace_id: string
  member_id: string
  scenario_id: string
  registration_id: string
  /** The LTI `resource_link` id. */
  resource_link_id: string
  /** The learner's `sub`: the AGS `userId`. */
  user_id: string
  /** JSON text of the latest launch's AGS endpoint claim. */
  ags_endpoint: string | null
  created_at: number
  updated_at: number
}

export interface AttemptResultsTable {
  id: string
  attempt_id: string
  /** 0 to 100. */
  score: number
  at: number
}

export interface PassbackJobsTable {
  id: string
  attempt_id: string
  result_id: string
  score: number
  state: 'pending' | 'running' | 'succeeded' | 'failed' | 'not_applicable'
  run_at: number
  tries: number
  lease_token: string | null
  lease_expires_at: number | null
  last_error_code: string | null
  last_error: string | null
  posted_score: number | null
  created_at: number
  updated_at: number
}

/** Best-of-N per (registration, line item, learner), with the lock that serialises posts. */
export interface PassbackLedgerTable {
  registration_id: string
  line_item_url: string
  user_id: string
  best_score: number | null
  uncertain_score: number | null
  last_timestamp: number | null
  lock_token: string | null
  lock_expires_at: number | null
  updated_at: number
}

/** A workspace's former LTI 1.1 consumer; its learners are identities `urn:lti11:<key>`. */
export interface Lti11ConsumersTable {
  id: string
  workspace_id: string
  consumer_key: string
  /** The shared secret, sealed with the secret box (`core/security/secret-box`). */
  encrypted_secret: string
  /** The connected LTI 1.3 LMS this consumer migrates to; null: not linked to one. */
  registration_id: string | null
  created_at: number
}

export interface Database extends PlatformTables {
  workspaces: WorkspacesTable
  scenarios: ScenariosTable
  registrations: RegistrationsTable
  deployments: DeploymentsTable
  used_nonces: UsedNoncesTable
  keys: KeysTable
  members: MembersTable
  member_identities: MemberIdentitiesTable
  lti_contexts: LtiContextsTable
  resource_links: ResourceLinksTable
  enrollments: EnrollmentsTable
  launch_log: LaunchLogTable
  rosters: RostersTable
  roster_members: RosterMembersTable
  attempts: AttemptsTable
  attempt_results: AttemptResultsTable
  passback_jobs: PassbackJobsTable
  passback_ledger: PassbackLedgerTable
  lti11_consumers: Lti11ConsumersTable
}
