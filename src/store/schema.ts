/**
 * Kysely table types: the database as the repositories see it. Times are epoch milliseconds
 * (`bigint`, read back as JS numbers on both dialects), JSON is `text`, IDs are `text`.
 * Nullable columns are optional on insert.
 */

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

export interface Database {
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
}
