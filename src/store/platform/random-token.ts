import { randomBytes } from 'node:crypto'

/**
 * A random, URL-safe identifier of 128 bits after `prefix`: opaque values the platform issues
 * (client IDs, deployment IDs, `resource_link.id`) that no one can guess from another.
 */
export function randomToken(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('base64url')}`
}
