export { openDatabase } from './database.js'
export type { DialectName, OpenDatabaseOptions, OpenedDatabase } from './database.js'
export { createMigrator, migrateToLatest, migrationProvider } from './migrate.js'
export type { MigratableDatabase } from './migrate.js'
export { createStores } from './create-stores.js'
export type { CacheTtls, CreateStoresOptions, Stores } from './create-stores.js'
export { passbackPorts } from './passback-ports.js'
export type { Database } from './schema.js'
export { workspaceRepository } from './workspace-repository.js'
export type { WorkspaceRepository, WorkspaceRepositoryOptions } from './workspace-repository.js'
export { scenarioRepository } from './scenario-repository.js'
export type {
  ScenarioInput,
  ScenarioRepository,
  ScenarioRepositoryOptions,
  ScenarioUpdate,
} from './scenario-repository.js'
export { registrationRepository } from './registration-repository.js'
export type {
  RegistrationInput,
  RegistrationRepository,
  RegistrationRepositoryOptions,
} from './registration-repository.js'
export { nonceRepository } from './nonce-repository.js'
export type { NonceRepository } from './nonce-repository.js'
export { keyRepository } from './key-repository.js'
export { memberRepository } from './member-repository.js'
export type { MemberRecord, MemberRepository } from './member-repository.js'
export { workspaceAdminRepository } from './workspace-admin-repository.js'
export type {
  WorkspaceAdminAccount,
  WorkspaceAdminInput,
  WorkspaceAdminRepository,
} from './workspace-admin-repository.js'
export { launchRepository } from './launch-repository.js'
export { rosterRepository } from './roster-repository.js'
export type { FindRostersQuery, RosterRepository } from './roster-repository.js'
export { lti11ConsumerRepository } from './lti11-consumer-repository.js'
export type {
  Lti11Consumer,
  Lti11ConsumerInput,
  Lti11ConsumerRepository,
} from './lti11-consumer-repository.js'
export type {
  LaunchLogRecord,
  LaunchRepository,
  LaunchRepositoryOptions,
  ListLaunchesOptions,
} from './launch-repository.js'
export { createPlatformStores } from './platform/create-platform-stores.js'
export type {
  CreatePlatformStoresOptions,
  PlatformCacheTtls,
  SqlPlatformStores,
} from './platform/create-platform-stores.js'
export type { PlatformTables } from './platform/schema.js'
