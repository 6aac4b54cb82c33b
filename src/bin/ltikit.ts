#!/usr/bin/env node
/**
 * The `ltikit` command line: runs the tool server (optionally as a seeded demo) or the platform
 * server, applies migrations, and generates encryption keys. Configuration comes from the
 * environment.
 */
import { openDatabase } from '../store/index.js'
import { migrateToLatest } from '../store/migrate.js'
import { generateSecretKey } from '../core/security/secret-box.js'
import { ConfigError, readConfig } from './config.js'
import type { ServerConfig } from './config.js'
import { runCreateAdmin } from './create-admin.js'
import { runDemo } from './demo-command.js'
import { seedDemo } from './demo-seed.js'
import { devSecretsPath, loadOrCreateDevSecrets } from './dev-secrets.js'
import { startPlatformServer } from './platform-server.js'
import { startToolServer } from './tool-server.js'

const USAGE = `Usage: ltikit <command>

Commands:
  demo            run an LMS and a tool on this computer, seeded and connected (npm start);
                  data in ./data or LTIKIT_DATA_DIR, ports PORT (tool) and PLATFORM_PORT (LMS)
  demo --reset    delete the demo's data folder (npm run demo:reset)
  tool            run the tool server (configuration from the environment; see README)
  tool --demo     run it in dev mode on SQLite with a seeded demo workspace and scenarios
  platform        run the platform server, the LMS side (PLATFORM_PORT, PLATFORM_PUBLIC_URL;
                  the other settings as for the tool server)
  migrate         apply database migrations to DATABASE_URL and exit
  create-admin --workspace <slug> --email <email> --name <name>
                  create a workspace admin in DATABASE_URL, who signs in at /admin/login;
                  the password from LTIKIT_ADMIN_PASSWORD or stdin (12 characters or more)
  generate-key    print a new LTIKIT_ENCRYPTION_KEY
  help            show this text`

/** In dev mode, fills in a missing encryption key and admin token from `dev-secrets.json`. */
function withDevSecrets(config: ServerConfig): ServerConfig & { adminToken: string } {
  if (config.dev && (config.encryptionKeys.length === 0 || !config.adminToken)) {
    const path = devSecretsPath(config.databaseUrl)
    const secrets = loadOrCreateDevSecrets(path)
    if (config.encryptionKeys.length === 0) config.encryptionKeys = [secrets.encryptionKey]
    config.adminToken ??= secrets.adminToken
    console.warn(`dev mode: secrets kept in ${path}; set them in the environment in production`)
  }
  return { ...config, adminToken: config.adminToken! }
}

function stopOnSignal(server: { close(): Promise<void> }): void {
  const stop = async () => {
    await server.close()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

async function runTool(demo: boolean): Promise<void> {
  const config = withDevSecrets(readConfig(process.env, demo))
  const server = await startToolServer({ config })
  const base = config.publicUrl
  console.log(`ltikit tool server listening on port ${server.port} (${base})`)
  console.log(`  admin API: ${base}/api   (Authorization: Bearer ${config.adminToken})`)
  if (demo) {
    const workspace = await seedDemo(server.stores, (id) => server.keys.ensureKeys(id))
    const lti = `${base}/lti/${workspace.id}`
    console.log(`  demo workspace "${workspace.slug}" (${workspace.id})`)
    console.log(`    OIDC login initiation URL: ${lti}/login`)
    console.log(`    launch (redirect) URL:     ${lti}/launch`)
    console.log(`    public keyset URL:         ${lti}/jwks`)
    console.log(`    configuration:             ${lti}/openid-configuration`)
    console.log(`  connect an LMS: POST ${base}/api/workspaces/${workspace.slug}/lti/platforms`)
  }
  stopOnSignal(server)
}

async function runPlatform(): Promise<void> {
  const config = withDevSecrets(readConfig(process.env, false, 'platform'))
  const server = await startPlatformServer({ config })
  const base = server.url
  console.log(`ltikit platform server listening on port ${server.port} (${base})`)
  console.log(`  admin API: ${base}/api   (Authorization: Bearer ${config.adminToken})`)
  console.log(`  sign in:   ${base}/login`)
  console.log(`  issuer ${base}; register tools with POST ${base}/api/tools`)
  stopOnSignal(server)
}

async function runMigrate(): Promise<void> {
  const database = openDatabase(process.env.DATABASE_URL ?? 'sqlite:./data/ltikit.db')
  const applied = await migrateToLatest(database)
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
  await database.close()
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv
  switch (command) {
    case 'demo':
      return runDemo(rest)
    case 'tool':
      return runTool(rest.includes('--demo'))
    case 'platform':
      return runPlatform()
    case 'migrate':
      return runMigrate()
    case 'create-admin':
      process.exitCode = await runCreateAdmin(rest, {
        env: process.env,
        stdin: process.stdin,
        log: (line) => console.log(line),
        error: (line) => console.error(line),
      })
      return
    case 'generate-key':
      console.log(generateSecretKey())
      return
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE)
      return
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`)
      process.exitCode = 2
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error)
  process.exit(1)
})
