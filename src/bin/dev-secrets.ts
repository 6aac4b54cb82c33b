/**
 * Dev and demo mode only: an encryption key and admin token generated once and kept in the data
 * folder, so the demo survives restarts without configuration. Production passes both in the
 * environment (`readConfig` refuses to start without them outside dev mode).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { randomString } from '../core/lib/random.js'
import { generateSecretKey } from '../core/security/secret-box.js'

export interface DevSecrets {
  encryptionKey: string
  adminToken: string
}

export function devSecretsPath(databaseUrl: string): string {
  const sqliteFile = /^postgres(ql)?:/i.test(databaseUrl)
    ? undefined
    : databaseUrl.replace(/^sqlite:/i, '')
  const folder = sqliteFile && sqliteFile !== ':memory:' ? dirname(sqliteFile) : './data'
  return join(folder, 'dev-secrets.json')
}

export function loadOrCreateDevSecrets(path: string): DevSecrets {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as DevSecrets
  const secrets = { encryptionKey: generateSecretKey(), adminToken: randomString(24) }
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, JSON.stringify(secrets, null, 2), { mode: 0o600 })
  return secrets
}
