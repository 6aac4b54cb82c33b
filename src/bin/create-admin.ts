/**
 * `ltikit create-admin --workspace <slug> --email <email> --name <name>`: creates an admin of a
 * workspace, who signs in at `/admin/login` with email and password (the first admin of a
 * workspace typically comes from here). The password is read from `LTIKIT_ADMIN_PASSWORD` or
 * the first line of stdin, never from an argument: process lists and shell history show those.
 */
import type { Readable } from 'node:stream'
import { parseArgs } from 'node:util'
import { LtiError } from '../core/errors.js'
import { createStores, openDatabase } from '../store/index.js'
import { migrateToLatest } from '../store/migrate.js'
import { createWorkspaceAdmin } from '../web/create-workspace-admin.js'
import { parseInput } from '../web/read-input.js'
import { adminInput } from '../web/schemas.js'

export const CREATE_ADMIN_USAGE =
  'Usage: ltikit create-admin --workspace <slug> --email <email> --name <name>\n' +
  '  The password (at least 12 characters) comes from LTIKIT_ADMIN_PASSWORD or stdin.'

export interface CreateAdminIo {
  readonly env: NodeJS.ProcessEnv
  readonly stdin: Readable & { isTTY?: boolean }
  log(line: string): void
  error(line: string): void
}

/** Runs the command; resolves to the process exit code (0 done, 1 failed, 2 misuse). */
export async function runCreateAdmin(argv: readonly string[], io: CreateAdminIo): Promise<number> {
  let options: { workspace?: string; email?: string; name?: string }
  try {
    options = parseArgs({
      args: [...argv],
      options: {
        workspace: { type: 'string' },
        email: { type: 'string' },
        name: { type: 'string' },
      },
      strict: true,
    }).values
  } catch (error) {
    io.error(`${(error as Error).message}\n\n${CREATE_ADMIN_USAGE}`)
    return 2
  }
  const { workspace: slug, email, name } = options
  if (!slug || !email || !name) {
    io.error(CREATE_ADMIN_USAGE)
    return 2
  }
  // An empty variable counts as unset, as shells leave it after `export LTIKIT_ADMIN_PASSWORD=`.
  const password = io.env.LTIKIT_ADMIN_PASSWORD || (await readPassword(io))
  if (password === undefined) return 2

  let input
  try {
    input = parseInput(adminInput, { email, name, password })
  } catch (error) {
    if (!(error instanceof LtiError)) throw error
    const problems = Object.entries(error.fields ?? {}).map(([f, m]) => `${f}: ${m}`)
    io.error(`invalid admin: ${problems.join('; ')}`)
    return 2
  }

  const database = openDatabase(io.env.DATABASE_URL ?? 'sqlite:./data/ltikit.db')
  try {
    await migrateToLatest(database)
    const stores = createStores(database.db)
    const workspace = await stores.workspaces.find(slug)
    if (!workspace) {
      io.error(`no workspace "${slug}"; list them with GET /api/workspaces`)
      return 1
    }
    const admin = await createWorkspaceAdmin(
      stores.workspaceAdmins,
      workspace.id,
      input,
      Date.now(),
    )
    io.log(`created admin ${admin.email} (${admin.id}) of workspace "${workspace.slug}"`)
    io.log('  sign in at /admin/login on the tool server')
    return 0
  } catch (error) {
    if (error instanceof LtiError && error.code === 'LTI_ADMIN_DUPLICATE') {
      io.error(`workspace "${slug}" already has an admin with the email ${input.email}`)
      return 1
    }
    throw error
  } finally {
    await database.close()
  }
}

/** The first line of stdin; a terminal gets no prompt, since it would echo the password. */
async function readPassword(io: CreateAdminIo): Promise<string | undefined> {
  if (io.stdin.isTTY) {
    io.error(
      'set LTIKIT_ADMIN_PASSWORD or pipe the password on stdin, e.g.\n' +
        '  read -rs PW && printf %s "$PW" | ltikit create-admin ...',
    )
    return undefined
  }
  let text = ''
  for await (const chunk of io.stdin) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8')
    if (text.includes('\n') || text.length > 4096) break
  }
  return text.split(/\r?\n/)[0] ?? ''
}
