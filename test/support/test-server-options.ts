/**
 * The start options the tool and platform test harnesses give their server: port 0 on loopback,
 * dev mode, a silent logger and one encryption key per test process, so that instances sharing
 * a database read each other's secrets.
 */
import pino from 'pino'
import type { Logger } from 'pino'
import type { ServerConfig } from '../../src/bin/config.js'
import type { Clock, Fetch } from '../../src/core/ports.js'
import { generateSecretKey } from '../../src/core/security/secret-box.js'
import type { TestDatabase } from './databases.js'

const ENCRYPTION_KEY = generateSecretKey()

export interface TestServerOptions {
  /** Fix the public URL (a second instance behind one address); default: its own port. */
  publicUrl?: string
  /** Listen on this port (with a `publicUrl` on another loopback host name); default: any. */
  port?: number
  clock?: Clock
  fetch?: Fetch
  clockSkewSeconds?: number
  /** Platform: `manual` holds tools that register themselves for approval. */
  toolApproval?: 'auto' | 'manual'
}

/** What `startToolServer` and `startPlatformServer` both take. */
export interface ServerStartOptions {
  config: ServerConfig & { adminToken: string }
  logger: Logger
  publicUrlFromPort: boolean
  clock?: Clock
  fetch?: Fetch
}

/** Options for a server on `database` with `adminToken`; `LTIKIT_TEST_LOG` sets the log level. */
export function testServerOptions(
  database: TestDatabase,
  adminToken: string,
  options: TestServerOptions = {},
): ServerStartOptions {
  return {
    config: {
      port: options.port ?? 0,
      publicUrl: options.publicUrl ?? 'http://127.0.0.1',
      databaseUrl: database.url,
      adminToken,
      dev: true,
      clockSkewSeconds: options.clockSkewSeconds ?? 5,
      logLevel: 'silent',
      encryptionKeys: [ENCRYPTION_KEY],
      databasePoolSize: 4,
      ...(options.toolApproval ? { toolApproval: options.toolApproval } : {}),
    },
    logger: pino({ level: process.env.LTIKIT_TEST_LOG ?? 'silent' }),
    publicUrlFromPort: options.publicUrl === undefined,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  }
}
