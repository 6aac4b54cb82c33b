import { execFile } from 'node:child_process'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS, openTestDatabase } from '../../test/support/databases.js'
import type { TestDatabase } from '../../test/support/databases.js'
import { verifyPassword } from '../platform/password.js'
import { createStores } from '../store/create-stores.js'
import { runCreateAdmin } from './create-admin.js'
import type { CreateAdminIo } from './create-admin.js'

const PASSWORD = 'twelve chars or more'

function io(env: NodeJS.ProcessEnv, stdin: Readable & { isTTY?: boolean } = Readable.from([])) {
  const out: string[] = []
  const err: string[] = []
  const value: CreateAdminIo = {
    env,
    stdin,
    log: (line) => out.push(line),
    error: (line) => err.push(line),
  }
  return { io: value, out, err }
}

for (const dialect of DIALECTS) {
  describe(`ltikit create-admin on ${dialect}`, () => {
    let database: TestDatabase
    let env: NodeJS.ProcessEnv
    const slug = 'cli-workspace'
    beforeAll(async () => {
      database = await openTestDatabase(dialect)
      await createStores(database.db).workspaces.create({ name: 'CLI', slug })
      env = { DATABASE_URL: database.url }
    })
    afterAll(() => database?.close())

    const accounts = (email: string) =>
      createStores(database.db).workspaceAdmins.findAdminAccounts(email)
    const args = (email: string) => ['--workspace', slug, '--email', email, '--name', 'Cli Admin']

    it('creates an admin with the password from LTIKIT_ADMIN_PASSWORD', async () => {
      const run = io({ ...env, LTIKIT_ADMIN_PASSWORD: PASSWORD })
      expect(await runCreateAdmin(args('env@example.edu'), run.io)).toBe(0)
      expect(run.out[0]).toMatch(
        /^created admin env@example\.edu \(.+\) of workspace "cli-workspace"$/,
      )
      const [account] = await accounts('env@example.edu')
      expect(account?.member).toMatchObject({ name: 'Cli Admin', role: 'Admin' })
      expect(await verifyPassword(PASSWORD, account!.passwordHash)).toBe(true)
    })

    it('reads the password from the first line of stdin', async () => {
      const run = io(env, Readable.from([`${PASSWORD}\r\nsecond line\n`]))
      expect(await runCreateAdmin(args('stdin@example.edu'), run.io)).toBe(0)
      const [account] = await accounts('stdin@example.edu')
      expect(await verifyPassword(PASSWORD, account!.passwordHash)).toBe(true)
    })

    it('refuses a duplicate email and an unknown workspace with exit code 1', async () => {
      const again = io({ ...env, LTIKIT_ADMIN_PASSWORD: PASSWORD })
      expect(await runCreateAdmin(args('ENV@example.edu'), again.io)).toBe(1)
      expect(again.err[0]).toContain('already has an admin')
      const unknown = io({ ...env, LTIKIT_ADMIN_PASSWORD: PASSWORD })
      const argv = ['--workspace', 'nope', '--email', 'x@example.edu', '--name', 'X']
      expect(await runCreateAdmin(argv, unknown.io)).toBe(1)
      expect(unknown.err[0]).toContain('no workspace "nope"')
    })
  })
}

describe('ltikit create-admin misuse', () => {
  const env = { DATABASE_URL: 'sqlite:/nonexistent/never-opened.db' }
  const argv = ['--workspace', 'w', '--email', 'a@example.edu', '--name', 'A']

  it('exits 2 with the usage when an option is missing or unknown', async () => {
    for (const bad of [
      ['--workspace', 'w'],
      [...argv, '--password', 'x'],
    ]) {
      const run = io({ ...env, LTIKIT_ADMIN_PASSWORD: PASSWORD })
      expect(await runCreateAdmin(bad, run.io)).toBe(2)
      expect(run.err.join('\n')).toContain('Usage: ltikit create-admin')
    }
  })

  it('exits 2 on a short password or a bad email, before opening the database', async () => {
    const short = io({ ...env, LTIKIT_ADMIN_PASSWORD: 'short' })
    expect(await runCreateAdmin(argv, short.io)).toBe(2)
    expect(short.err[0]).toContain('password: at least 12 characters')
    const email = io({ ...env, LTIKIT_ADMIN_PASSWORD: PASSWORD })
    expect(
      await runCreateAdmin(['--workspace', 'w', '--email', 'nope', '--name', 'A'], email.io),
    ).toBe(2)
    expect(email.err[0]).toContain('email:')
  })

  it('does not read a password from a terminal (it would echo)', async () => {
    const tty = Object.assign(Readable.from([]), { isTTY: true })
    const run = io(env, tty)
    expect(await runCreateAdmin(argv, run.io)).toBe(2)
    expect(run.err[0]).toContain('LTIKIT_ADMIN_PASSWORD')
  })
})

describe('the ltikit command', () => {
  const cli = fileURLToPath(new URL('./ltikit.ts', import.meta.url))
  const run = (args: string[], env: NodeJS.ProcessEnv, input?: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', 'tsx', cli, ...args],
        { env: { ...process.env, ...env }, timeout: 50_000 },
        (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      )
      child.stdin?.end(input ?? '')
    })

  it('lists create-admin in its help and runs it with the password on stdin', async () => {
    const help = await run(['help'], {})
    expect(help.stdout).toContain('create-admin --workspace <slug> --email <email> --name <name>')

    const database = await openTestDatabase('sqlite')
    try {
      await createStores(database.db).workspaces.create({ name: 'Spawned', slug: 'spawned' })
      const created = await run(
        ['create-admin', '--workspace', 'spawned', '--email', 'cli@example.edu', '--name', 'C'],
        { DATABASE_URL: database.url, LTIKIT_ADMIN_PASSWORD: '' },
        `${PASSWORD}\n`,
      )
      expect(created.code, created.stderr).toBe(0)
      expect(created.stdout).toContain('created admin cli@example.edu')
      const [account] = await createStores(database.db).workspaceAdmins.findAdminAccounts(
        'cli@example.edu',
      )
      expect(await verifyPassword(PASSWORD, account!.passwordHash)).toBe(true)
    } finally {
      await database.close()
    }
  }, 60_000)
})
