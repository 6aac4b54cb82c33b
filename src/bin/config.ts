/**
 * The tool server's configuration, from the environment. Documented in the README; every value
 * is checked here so a bad setting stops the server at start-up with a clear message.
 */
import { z } from 'zod'
import { checkConfiguredUrl } from '../core/security/url-policy.js'

export interface ServerConfig {
  port: number
  publicUrl: string
  databaseUrl: string
  adminToken?: string
  dev: boolean
  clockSkewSeconds: number
  logLevel: string
  /** Base64url AES-256 keys; the first encrypts, the others still decrypt (rotation). */
  encryptionKeys: string[]
  databasePoolSize: number
}

const env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.string().optional(),
  DATABASE_URL: z.string().min(1).default('sqlite:./data/ltikit.db'),
  ADMIN_TOKEN: z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional(),
  LTIKIT_DEV: z.enum(['0', '1', 'true', 'false', '']).optional(),
  LTIKIT_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LTIKIT_ENCRYPTION_KEY: z.string().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
})

export class ConfigError extends Error {}

/** Reads the environment; `forceDev` is the demo's switch (loopback, http allowed). */
export function readConfig(source: NodeJS.ProcessEnv, forceDev = false): ServerConfig {
  const parsed = env.safeParse(source)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`)
  }
  const e = parsed.data
  const dev = forceDev || e.LTIKIT_DEV === '1' || e.LTIKIT_DEV === 'true'
  const publicUrl = (e.PUBLIC_URL ?? (dev ? `http://localhost:${e.PORT}` : '')).replace(/\/+$/, '')
  if (!publicUrl) throw new ConfigError('PUBLIC_URL is required outside dev mode (LTIKIT_DEV=1)')
  try {
    checkConfiguredUrl(publicUrl, { dev })
  } catch {
    throw new ConfigError(
      dev
        ? 'PUBLIC_URL must be https://, or http:// on a loopback host in dev mode'
        : 'PUBLIC_URL must be an https:// URL outside dev mode',
    )
  }
  if (!dev && !e.ADMIN_TOKEN) throw new ConfigError('ADMIN_TOKEN is required outside dev mode')
  if (!dev && !e.LTIKIT_ENCRYPTION_KEY) {
    throw new ConfigError('LTIKIT_ENCRYPTION_KEY is required outside dev mode (see README)')
  }
  return {
    port: e.PORT,
    publicUrl,
    databaseUrl: e.DATABASE_URL,
    ...(e.ADMIN_TOKEN ? { adminToken: e.ADMIN_TOKEN } : {}),
    dev,
    clockSkewSeconds: e.LTIKIT_CLOCK_SKEW_SECONDS,
    logLevel: e.LOG_LEVEL,
    encryptionKeys: (e.LTIKIT_ENCRYPTION_KEY ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
    databasePoolSize: e.DATABASE_POOL_SIZE,
  }
}
