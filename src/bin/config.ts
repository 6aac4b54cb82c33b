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
  /** A course roster older than this is read again after a launch from it (NRPS). */
  rosterMaxAgeSeconds?: number
  /** The grade passback worker; each absent field takes its default. */
  passback?: Partial<PassbackConfig>
  /** Platform: whether tools that register themselves start active or pending; default auto. */
  toolApproval?: 'auto' | 'manual'
}

/** How this instance runs the grade passback queue (`LTIKIT_PASSBACK_*`). */
export interface PassbackConfig {
  /** Run the worker in this instance; default true. */
  enabled: boolean
  /** Pause between polls of an idle queue; default 1000 ms. */
  pollMs: number
  /** Jobs run at once; default 4. */
  concurrency: number
  /** Runs of a job before it fails; default 15. */
  maxTries: number
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
  LTIKIT_ROSTER_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 24 * 3600)
    .default(24 * 3600),
  LTIKIT_PASSBACK_WORKER: z.enum(['0', '1', 'true', 'false', '']).optional(),
  LTIKIT_PASSBACK_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  LTIKIT_PASSBACK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  LTIKIT_PASSBACK_MAX_TRIES: z.coerce.number().int().min(1).max(100).default(15),
  LTIKIT_PLATFORM_TOOL_APPROVAL: z.enum(['auto', 'manual']).default('auto'),
})

export class ConfigError extends Error {}

/**
 * The server `readConfig` configures. The platform server takes its port and public URL from
 * `PLATFORM_PORT` (default 4000) and `PLATFORM_PUBLIC_URL`, so one environment can run both.
 */
export type ServerRole = 'tool' | 'platform'

const ROLE_VARIABLES = {
  tool: { port: 'PORT', publicUrl: 'PUBLIC_URL', defaultPort: '3000' },
  platform: { port: 'PLATFORM_PORT', publicUrl: 'PLATFORM_PUBLIC_URL', defaultPort: '4000' },
} as const

/** Reads the environment; `forceDev` is the demo's switch (loopback, http allowed). */
export function readConfig(
  source: NodeJS.ProcessEnv,
  forceDev = false,
  role: ServerRole = 'tool',
): ServerConfig {
  const names = ROLE_VARIABLES[role]
  const parsed = env.safeParse({
    ...source,
    PORT: source[names.port] ?? names.defaultPort,
    PUBLIC_URL: source[names.publicUrl],
  })
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const path = i.path.join('.')
      return `${path === 'PORT' ? names.port : path === 'PUBLIC_URL' ? names.publicUrl : path}: ${i.message}`
    })
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`)
  }
  const e = parsed.data
  const dev = forceDev || e.LTIKIT_DEV === '1' || e.LTIKIT_DEV === 'true'
  const publicUrl = (e.PUBLIC_URL ?? (dev ? `http://localhost:${e.PORT}` : '')).replace(/\/+$/, '')
  if (!publicUrl) {
    throw new ConfigError(`${names.publicUrl} is required outside dev mode (LTIKIT_DEV=1)`)
  }
  try {
    checkConfiguredUrl(publicUrl, { dev })
  } catch {
    throw new ConfigError(
      dev
        ? `${names.publicUrl} must be https://, or http:// on a loopback host in dev mode`
        : `${names.publicUrl} must be an https:// URL outside dev mode`,
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
    rosterMaxAgeSeconds: e.LTIKIT_ROSTER_MAX_AGE_SECONDS,
    passback: {
      enabled: e.LTIKIT_PASSBACK_WORKER !== '0' && e.LTIKIT_PASSBACK_WORKER !== 'false',
      pollMs: e.LTIKIT_PASSBACK_POLL_MS,
      concurrency: e.LTIKIT_PASSBACK_CONCURRENCY,
      maxTries: e.LTIKIT_PASSBACK_MAX_TRIES,
    },
    toolApproval: e.LTIKIT_PLATFORM_TOOL_APPROVAL,
  }
}
