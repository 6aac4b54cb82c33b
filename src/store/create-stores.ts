import type { Kysely } from 'kysely'
import { systemClock } from '../core/ports.js'
import type { Clock, KeyStore } from '../core/ports.js'
import { keyRepository } from './key-repository.js'
import { launchRepository } from './launch-repository.js'
import type { LaunchRepository } from './launch-repository.js'
import { loginStateRepository } from './login-state-repository.js'
import type { LoginStateRepository } from './login-state-repository.js'
import { memberRepository } from './member-repository.js'
import type { MemberRepository } from './member-repository.js'
import { registrationRepository } from './registration-repository.js'
import type { RegistrationRepository } from './registration-repository.js'
import { scenarioRepository } from './scenario-repository.js'
import type { ScenarioRepository } from './scenario-repository.js'
import type { Database } from './schema.js'
import { workspaceRepository } from './workspace-repository.js'
import type { WorkspaceRepository } from './workspace-repository.js'

export interface Stores {
  readonly workspaces: WorkspaceRepository
  readonly scenarios: ScenarioRepository
  readonly registrations: RegistrationRepository
  readonly loginStates: LoginStateRepository
  readonly keys: KeyStore
  readonly members: MemberRepository
  readonly launches: LaunchRepository
}

export interface CreateStoresOptions {
  /** Stamps `createdAt` of workspaces, scenarios and registrations. */
  readonly clock?: Clock
}

/** Every repository over one database handle. Methods need no `this`: pass them around freely. */
export function createStores(db: Kysely<Database>, options: CreateStoresOptions = {}): Stores {
  const clock = options.clock ?? systemClock
  return {
    workspaces: workspaceRepository(db, clock),
    scenarios: scenarioRepository(db, clock),
    registrations: registrationRepository(db, clock),
    loginStates: loginStateRepository(db),
    keys: keyRepository(db),
    members: memberRepository(db),
    launches: launchRepository(db),
  }
}
