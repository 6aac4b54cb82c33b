/**
 * The storage the tool server needs, as the web layer sees it. `src/store` implements it;
 * `src/bin` wires the two, so a type mismatch fails the build there.
 */
import type { KeyStore, NonceStore, Registration, RegistrationStore } from '../core/ports.js'
import type { AttemptRepository } from '../store/attempt-repository.js'
import type { LaunchLogRecord, ListLaunchesOptions } from '../store/launch-repository.js'
import type { Lti11ConsumerRepository, RegistrationInput } from '../store/index.js'
import type { PassbackRepository } from '../store/passback-repository.js'
import type { RosterRepository } from '../store/roster-repository.js'
import type { WorkspaceAdminRepository } from '../store/workspace-admin-repository.js'
import type {
  LaunchContextInput,
  LaunchLogEntry,
  Member,
  ProvisionMemberInput,
  Scenario,
  Workspace,
} from '../tool/ports.js'

export interface ToolStores {
  workspaces: {
    create(input: { name: string; slug: string }): Promise<Workspace | 'duplicate'>
    find(idOrSlug: string): Promise<Workspace | undefined>
    list(): Promise<Workspace[]>
  }
  scenarios: {
    create(
      workspaceId: string,
      input: { slug: string; title: string; description?: string; script?: string },
    ): Promise<Scenario | 'duplicate'>
    /** Title, description and script (JSON text, checked by the caller); the slug stays. */
    update(
      workspaceId: string,
      id: string,
      input: { title: string; description?: string; script?: string },
    ): Promise<Scenario | undefined>
    find(workspaceId: string, idOrSlug: string): Promise<Scenario | undefined>
    list(workspaceId: string): Promise<Scenario[]>
  }
  registrations: {
    create(workspaceId: string, input: RegistrationInput): Promise<Registration | 'duplicate'>
    list(workspaceId: string): Promise<Registration[]>
    delete(workspaceId: string, id: string): Promise<boolean>
    findById(workspaceId: string, id: string): Promise<Registration | undefined>
    forWorkspace(workspaceId: string): RegistrationStore
  }
  nonces: NonceStore & { deleteExpired(before: number): Promise<number> }
  keys: KeyStore
  members: {
    provisionMember(input: ProvisionMemberInput): Promise<Member>
    list(workspaceId: string): Promise<Member[]>
    findById(workspaceId: string, id: string): Promise<Member | undefined>
    /** Identity lookups and links of the LTI 1.1 → 1.3 migration (see `tool/lti11`). */
    findIdByIdentity(workspaceId: string, issuer: string, sub: string): Promise<string | undefined>
    linkIdentity(
      workspaceId: string,
      memberId: string,
      issuer: string,
      sub: string,
    ): Promise<boolean>
  }
  /** Workspace admins: members with role Admin and a password (the admin pages' accounts). */
  workspaceAdmins: WorkspaceAdminRepository
  launches: {
    recordLaunch(context: LaunchContextInput, entry: LaunchLogEntry): Promise<void>
    appendLaunchLog(entry: LaunchLogEntry): Promise<void>
    listLaunches(workspaceId: string, query: ListLaunchesOptions): Promise<LaunchLogRecord[]>
    findLaunch(workspaceId: string, correlationId: string): Promise<LaunchLogRecord | undefined>
  }
  rosters: RosterRepository
  /** Attempts of learners in scenarios, and their results. */
  attempts: AttemptRepository
  /** The grade passback queue (the worker in `src/bin` runs it). */
  passback: PassbackRepository
  /** A workspace's former LTI 1.1 consumers, secrets sealed (`ToolAppDeps.secretBox`). */
  lti11Consumers: Lti11ConsumerRepository
  /** A cheap round trip for health checks. */
  ping(): Promise<void>
}
