/**
 * The demo's data folder (`./data`, or `LTIKIT_DATA_DIR`): both servers' SQLite files and their
 * secrets, generated at the first start and read back at every later one, so sessions, signing
 * keys and encrypted secrets stay readable across restarts. The secrets file also marks the
 * folder as the demo's: `resetDemoDataDir` deletes nothing from a folder without it.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  rmdirSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { randomString } from '../core/lib/random.js'
import { generateSecretKey } from '../core/security/secret-box.js'
import type { DevSecrets } from './dev-secrets.js'

export const DEMO_SECRETS_FILE = 'demo-secrets.json'
const TOOL_DATABASE = 'tool.sqlite'
const PLATFORM_DATABASE = 'platform.sqlite'
/** SQLite's companions of a database file in WAL mode (and after a crash in rollback mode). */
const SQLITE_SUFFIXES = ['', '-wal', '-shm', '-journal']

/** One encryption key and admin token per server, as two separate deployments would have. */
export interface DemoSecrets {
  tool: DevSecrets
  platform: DevSecrets
}

export interface DemoDataDir {
  /** The folder, absolute. */
  path: string
  toolDatabase: string
  platformDatabase: string
  secrets: DemoSecrets
}

const serverSecrets = z.object({
  encryptionKey: z.string().min(40).max(100),
  adminToken: z.string().min(16).max(200),
})
const secretsFile = z.object({ tool: serverSecrets, platform: serverSecrets })

/** Creates the folder and its secrets at the first start; reads them back afterwards. */
export function openDemoDataDir(dir: string): DemoDataDir {
  const path = resolve(dir)
  // Owner only: the folder holds the secrets and every user's data.
  mkdirSync(path, { recursive: true, mode: 0o700 })
  return {
    path,
    toolDatabase: join(path, TOOL_DATABASE),
    platformDatabase: join(path, PLATFORM_DATABASE),
    secrets: loadOrCreateSecrets(join(path, DEMO_SECRETS_FILE)),
  }
}

function loadOrCreateSecrets(file: string): DemoSecrets {
  if (!existsSync(file)) {
    const created: DemoSecrets = { tool: newSecrets(), platform: newSecrets() }
    try {
      // `wx`: of two demos started at once on one folder, the second reads the first's file.
      writeFileSync(file, `${JSON.stringify(created, null, 2)}\n`, { mode: 0o600, flag: 'wx' })
      return created
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600)
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    parsed = undefined
  }
  const secrets = secretsFile.safeParse(parsed)
  if (!secrets.success) {
    throw new Error(`${file} is not a demo secrets file; reset the demo (npm run demo:reset)`)
  }
  return secrets.data
}

function newSecrets(): DevSecrets {
  return { encryptionKey: generateSecretKey(), adminToken: randomString(24) }
}

export type ResetOutcome =
  | { outcome: 'absent' }
  | { outcome: 'not-demo' }
  | { outcome: 'deleted'; removed: string[]; kept: string[] }

/**
 * Deletes the demo's files from `dir`, and the folder when nothing else is left in it. A folder
 * without the demo's secrets file is not the demo's: nothing is deleted. Stop the demo first.
 */
export function resetDemoDataDir(dir: string): ResetOutcome {
  const path = resolve(dir)
  if (!existsSync(path)) return { outcome: 'absent' }
  if (!existsSync(join(path, DEMO_SECRETS_FILE))) {
    if (readdirSync(path).length > 0) return { outcome: 'not-demo' }
    rmdirSync(path)
    return { outcome: 'deleted', removed: [], kept: [] }
  }
  const ours = new Set([
    DEMO_SECRETS_FILE,
    ...[TOOL_DATABASE, PLATFORM_DATABASE].flatMap((db) => SQLITE_SUFFIXES.map((s) => db + s)),
  ])
  const entries = readdirSync(path)
  const removed = entries.filter((name) => ours.has(name))
  // The secrets file last: an interrupted reset can be run again.
  removed.sort((a, b) => Number(a === DEMO_SECRETS_FILE) - Number(b === DEMO_SECRETS_FILE))
  for (const name of removed) rmSync(join(path, name), { force: true })
  const kept = entries.filter((name) => !ours.has(name))
  if (kept.length === 0) rmdirSync(path)
  return { outcome: 'deleted', removed, kept }
}
