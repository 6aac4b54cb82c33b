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
  /**
   * The authored script as JSON text, checked by `parseScenarioScript` before it is saved;
   * absent until an admin adds one.
   */
  readonly script?: string
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
  /** Opens or resumes the attempt of a launch into a scenario, giving its ID; without it, none is kept. */
  openAttempt?(input: OpenAttemptInput): Promise<string>
}

/** NRPS 2.0 §2.2: a member's status in the context; absent on the wire means `Active`. */
export type RosterMemberStatus = 'Active' | 'Inactive' | 'Deleted'

/** One member of a context's roster, as the platform's membership service reported it. */
export interface RosterMember {
  /** The member's `user_id`: the `sub` their launches carry. */
  readonly userId: string
  readonly status: RosterMemberStatus
  readonly roles: readonly string[]
  /** Only when the platform's privacy settings release them. */
  readonly name?: string
  readonly email?: string
}

/** A roster as stored: where it comes from, when it was read, and who launched. */
export interface StoredRoster {
  readonly registrationId: string
  readonly contextId: string
  readonly contextTitle?: string
  /** NRPS 2.0 §3.6.1: the `context_memberships_url` of the latest launch that carried it. */
  readonly membershipsUrl: string
  /** When the members were last replaced; absent before the first successful sync. */
  readonly syncedAt?: number
  readonly lastAttemptAt?: number
  /** The error code of the latest failed sync, cleared by a successful one. */
  readonly lastErrorCode?: string
  readonly members: readonly RosterEntry[]
}

/** A roster member joined with what the tool knows of them. */
export interface RosterEntry extends RosterMember {
  /** The workspace member behind `userId`, once they have launched from this platform. */
  readonly memberId?: string
  /** True once they have launched from this context. */
  readonly launched: boolean
  readonly lastLaunchAt?: number
}

/** Where a context's roster lives and when it may be refreshed. */
export interface RosterRefreshClaim {
  readonly registrationId: string
  readonly contextId: string
  readonly membershipsUrl: string
  readonly now: number
  /** A roster synced at or after this time is fresh. */
  readonly staleBefore: number
  /** A sync started at or after this time (on any instance) is still running or just failed. */
  readonly retryBefore: number
}

/** The roster storage the NRPS flows use. */
export interface RosterPorts {
  /**
   * Records the memberships URL and takes the right to refresh when the roster is stale and no
   * other sync started since `retryBefore`. Atomic across instances: of concurrent claims one wins.
   */
  claimRosterRefresh(claim: RosterRefreshClaim): Promise<boolean>
  /** Replaces the members in one transaction and marks the roster synced. */
  replaceRosterMembers(input: {
    registrationId: string
    contextId: string
    membershipsUrl: string
    members: readonly RosterMember[]
    at: number
  }): Promise<void>
  recordRosterFailure(input: {
    registrationId: string
    contextId: string
    errorCode: string
    at: number
  }): Promise<void>
}

/**
 * A learner's run of a scenario within one resource link: (member, scenario, registration,
 * resource link) is unique, and each launch into it opens or resumes it.
 */
export interface Attempt {
  readonly id: string
  readonly workspaceId: string
  readonly memberId: string
  readonly scenarioId: string
  readonly registrationId: string
  /** The LTI `resource_link` id (Core 1.3 §5.3.5). */
  readonly resourceLinkId: string
  /** The learner's `sub` at the platform: the `userId` of its scores (AGS 2.0 §3.4.1). */
  readonly userId: string
  /** The AGS endpoint claim of the latest launch, as sent; absent when it carried none. */
  readonly agsEndpoint?: unknown
  readonly createdAt: number
  readonly updatedAt: number
}

/** What a launch into a scenario tells about its attempt, at time `at`. */
export interface OpenAttemptInput extends Omit<Attempt, 'id' | 'createdAt' | 'updatedAt'> {
  readonly at: number
}

/** One outcome of a play, as the host product reported it: a score from 0 to 100. */
export interface AttemptResult {
  readonly id: string
  readonly attemptId: string
  readonly score: number
  readonly at: number
}

/**
 * A passback job's life: `pending` → `running` (leased) → `succeeded` | `failed` |
 * `not_applicable`; an expired lease counts as `pending` again.
 */
export type PassbackJobState = 'pending' | 'running' | 'succeeded' | 'failed' | 'not_applicable'

/** One result to post to the platform's gradebook, from the durable queue. */
export interface PassbackJob {
  readonly id: string
  readonly attemptId: string
  readonly resultId: string
  /** The result's score, 0 to 100. */
  readonly score: number
  readonly state: PassbackJobState
  /** When a `pending` job may run next. */
  readonly runAt: number
  /** Runs started so far (a claim counts one, a run deferred by a busy lock does not). */
  readonly tries: number
  readonly leaseToken?: string
  readonly leaseExpiresAt?: number
  readonly lastErrorCode?: string
  /** The platform's answer (status and the start of its body) or what went wrong. */
  readonly lastError?: string
  /** The score posted, 0 to 100; absent for a job superseded by a better posted score. */
  readonly postedScore?: number
  readonly createdAt: number
  readonly updatedAt: number
}

/** How a run of a claimed job ended: the queue applies it, fenced by the lease token. */
export type PassbackOutcome =
  | { readonly state: 'succeeded'; readonly postedScore?: number }
  | {
      readonly state: 'pending'
      readonly runAt: number
      /** `false` for a run deferred before it could do anything (a busy lock). */
      readonly countsAsTry: boolean
      readonly errorCode?: string
      readonly error?: string
    }
  | { readonly state: 'failed'; readonly errorCode: string; readonly error?: string }
  | { readonly state: 'not_applicable'; readonly errorCode: string; readonly error?: string }

/** The durable passback queue, shared by every instance. */
export interface PassbackQueue {
  /**
   * Leases up to `limit` due jobs (pending with `runAt <= now`, or running with an expired
   * lease) under `token` until `now + leaseMs`; atomic across instances.
   */
  claim(input: {
    now: number
    limit: number
    leaseMs: number
    token: string
  }): Promise<PassbackJob[]>
  /** Applies an outcome; `false` when the lease was lost (another run owns the job now). */
  complete(job: PassbackJob, outcome: PassbackOutcome, now: number): Promise<boolean>
}

/** The key of best-of-N: one learner on one line item of one platform. */
export interface ScoreLedgerKey {
  readonly registrationId: string
  readonly lineItemUrl: string
  readonly userId: string
}

/** What the tool knows it sent to one (platform, line item, learner), in scores 0 to 100. */
export interface ScoreLedgerEntry {
  /** The best score the platform confirmed. */
  readonly bestScore?: number
  /** The best score whose post ended without an answer: the platform may hold it. */
  readonly uncertainScore?: number
  /** The latest score `timestamp` sent, epoch ms (AGS 2.0 §3.4.6: they must increase). */
  readonly lastTimestamp?: number
}

/**
 * Best-of-N bookkeeping with a lock per key, so posts for one learner and line item run one at a
 * time across instances, whatever order their jobs finish in.
 */
export interface ScoreLedger {
  /** Takes the key's lock until `until`; `undefined` when another unexpired token holds it. */
  acquire(
    key: ScoreLedgerKey,
    token: string,
    until: number,
    now: number,
  ): Promise<ScoreLedgerEntry | undefined>
  /** Writes `next` (when given) and releases; `false` when the lock was lost meanwhile. */
  release(key: ScoreLedgerKey, token: string, next?: ScoreLedgerEntry): Promise<boolean>
}

/** Everything a passback run reads besides the platform. */
export interface PassbackPorts {
  readonly ledger: ScoreLedger
  findAttemptById(id: string): Promise<Attempt | undefined>
  findRegistration(workspaceId: string, id: string): Promise<Registration | undefined>
  findScenario(workspaceId: string, idOrSlug: string): Promise<Scenario | undefined>
}
