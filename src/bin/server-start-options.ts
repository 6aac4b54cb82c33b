/** What starting either server takes (tests, the demo and the CLI pass it). */
import type { Logger } from 'pino'
import type { Clock, Fetch } from '../core/ports.js'
import type { ServerConfig } from './config.js'

export interface ServerStartOptions {
  config: ServerConfig & { adminToken: string }
  clock?: Clock
  logger?: Logger
  /** Replaces the guarded fetch (tests only). */
  fetch?: Fetch
  /** PostgreSQL schema to use (tests run one schema per file). */
  searchPath?: string
  /** Derive the public URL from the bound port (`http://127.0.0.1:<port>`): tests on port 0. */
  publicUrlFromPort?: boolean
  /** The host name of that derived URL instead of `127.0.0.1` (the demo: `localhost`). */
  publicHost?: string
  /** The interface to listen on; default every IPv4 interface (the demo: loopback only). */
  listenHost?: string
}
