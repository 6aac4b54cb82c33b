/**
 * What the tool's LTI flows need from the product that hosts them: workspaces, scenarios,
 * members and the launch log. The store implements these; tests may pass in-memory fakes.
 */
import type { NonceStore, Registration } from '../core/ports.js'

/** A tenant of the tool: its registrations, scenarios, keys and members belong to it. */
export interface Workspace {
  readonly id: string
  readonly slug: string
  readonly name: string
  readonly createdAt: number
}

/** What a resource link opens in the tool: a roleplay, addressed by ID or slug. */
export interface Scenario {
  readonly id: string
  readonly workspaceId: string
  readonly slug: string
  readonly title: string
  readonly description?: string
  readonly createdAt: number
}

/** A workspace member as provisioned from an LMS launch. */
export interface Member {
  readonly id: string
  readonly workspaceId: string
  readonly name?: string
  readonly email?: string
  /** The product role: launches provision `Member`; admins are made by the admin API. */
  readonly role: 'Member' | 'Admin'
  readonly identities: readonly { issuer: string; sub: string }[]
}

/** What one launch tells us about the learner (Core 1.3 §5.3.6, §5.3.7). */
export interface ProvisionMemberInput {
  readonly workspaceId: string
  readonly issuer: string
  readonly sub: string
  /** Only set when the platform sent them; absent means "keep what we have". */
  readonly name?: string
  readonly email?: string
  readonly lmsRoles: readonly string[]
  readonly at: number
}

/** The context, resource link and roles of one launch, recorded for services and rosters. */
export interface LaunchContextInput {
  readonly registrationId: string
  readonly deploymentId: string
  readonly memberId: string
  readonly roles: readonly string[]
  readonly context?: { id: string; label?: string; title?: string; type?: readonly string[] }
  readonly resourceLink?: { id: string; title?: string; description?: string }
  readonly scenarioId?: string
  /** The AGS endpoint claim as sent, kept for grade passback. */
  readonly agsEndpoint?: unknown
  /** The NRPS claim as sent, kept for roster sync. */
  readonly nrpsService?: unknown
  readonly at: number
}

export type LaunchOutcome = 'success' | 'failure'

export interface LaunchLogEntry {
  readonly correlationId: string
  readonly workspaceId?: string
  readonly at: number
  readonly outcome: LaunchOutcome
  readonly errorCode?: string
  readonly message?: string
  readonly issuer?: string
  readonly clientId?: string
  readonly deploymentId?: string
  readonly messageType?: string
  readonly memberId?: string
  readonly scenarioId?: string
  /** The id_token claims with personal data redacted (see `core/launch/redact-claims`). */
  readonly claims?: Record<string, unknown>
}

/** Every port the tool's login and launch flows use, for one workspace. */
export interface ToolLaunchPorts {
  /** Registrations of this workspace. */
  findRegistration(issuer: string, clientId: string): Promise<Registration | undefined>
  listRegistrationsByIssuer(issuer: string): Promise<Registration[]>
  nonces: NonceStore
  findScenario(idOrSlug: string): Promise<Scenario | undefined>
  provisionMember(input: ProvisionMemberInput): Promise<Member>
  /** Records a successful launch: its context, resource link, enrollment and log entry. */
  recordLaunch(context: LaunchContextInput, entry: LaunchLogEntry): Promise<void>
  /** Logs a failed launch. */
  appendLaunchLog(entry: LaunchLogEntry): Promise<void>
}
