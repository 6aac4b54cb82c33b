import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type { Clock } from '../../core/ports.js'
import type { Tool, ToolStore } from '../../platform/ports.js'
import { present } from '../present.js'
import { createReadCache } from '../read-cache.js'
import type { Database } from '../schema.js'
import { randomToken } from './random-token.js'
import type { PlatformToolsTable } from './schema.js'

export interface ToolRepositoryOptions {
  /** How long a hit is answered from memory. Default 5 s; `0` disables the cache. */
  readonly cacheTtlMs?: number
}

export const TOOL_CACHE_TTL_MS = 5_000

/**
 * Tools registered on the platform, one deployment each. The platform issues the client ID and
 * deployment ID; both are unique, so a launch or token request names exactly one tool.
 *
 * `findTool` and `findToolByClientId` (every launch, token request and service call) answer hits
 * from this process's cache for `cacheTtlMs`. Each change (`approveTool`, `setToolStatus`) drops
 * this process's entries; another instance sees it after at most `cacheTtlMs`. Misses are not cached:
 * a new tool is found at once everywhere.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#tool-deployment
 */
export function toolRepository(
  db: Kysely<Database>,
  clock: Clock,
  { cacheTtlMs = TOOL_CACHE_TTL_MS }: ToolRepositoryOptions = {},
): ToolStore {
  const select = () => db.selectFrom('platform_tools').selectAll()
  const byId = createReadCache<Tool>({ clock, ttlMs: cacheTtlMs })
  const byClientId = createReadCache<Tool>({ clock, ttlMs: cacheTtlMs })
  /** After a change: drops this process's cache entries of the tool and reads it again. */
  const changed = async (id: string) => {
    byId.invalidate((tool) => tool.id === id)
    byClientId.invalidate((tool) => tool.id === id)
    const row = await select().where('id', '=', id).executeTakeFirst()
    return row && toTool(row)
  }
  return {
    async createTool(input) {
      const row = {
        id: randomUUID(),
        name: input.name,
        client_id: randomToken('c-'),
        deployment_id: randomToken('d-'),
        oidc_login_url: input.oidcLoginUrl,
        redirect_uris: JSON.stringify(input.redirectUris),
        target_link_uri: input.targetLinkUri,
        jwks_url: input.jwksUrl,
        deep_linking_url: input.deepLinkingUrl ?? null,
        custom_parameters: JSON.stringify(input.customParameters),
        privacy: JSON.stringify(input.privacy),
        services: JSON.stringify(input.services),
        status: input.status ?? 'active',
        lti11_tool_id: input.lti11ToolId ?? null,
        created_at: clock.now(),
      }
      await db.insertInto('platform_tools').values(row).execute()
      return toTool(row)
    },

    findTool(id) {
      return byId.get(id, async () => {
        const row = await select().where('id', '=', id).executeTakeFirst()
        return row && toTool(row)
      })
    },

    findToolByClientId(clientId) {
      return byClientId.get(clientId, async () => {
        const row = await select().where('client_id', '=', clientId).executeTakeFirst()
        return row && toTool(row)
      })
    },

    async listTools() {
      const rows = await select().orderBy('created_at').orderBy('id').execute()
      return rows.map(toTool)
    },

    async approveTool(id) {
      // Approval is for pending tools: a disabled tool is enabled on purpose (setToolStatus).
      await db
        .updateTable('platform_tools')
        .set({ status: 'active' })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .execute()
      // This process sees the approval at once; other instances once their entry expires, so a
      // tool may stay refused there for up to `cacheTtlMs`.
      return changed(id)
    },

    async setToolStatus(id, status) {
      // Disabling also rejects a pending tool; enabling never skips approval.
      let update = db.updateTable('platform_tools').set({ status }).where('id', '=', id)
      if (status === 'active') update = update.where('status', '!=', 'pending')
      await update.execute()
      // As for approvals: a tool disabled here may still be launched through another instance
      // for up to `cacheTtlMs`, until that instance's entry expires.
      return changed(id)
    },

    async setLti11Tool(id, lti11ToolId) {
      await db
        .updateTable('platform_tools')
        .set({ lti11_tool_id: lti11ToolId ?? null })
        .where('id', '=', id)
        .execute()
      // As for approvals: other instances see the change once their entry expires.
      return changed(id)
    },
  }
}

function toTool(row: Selectable<PlatformToolsTable>): Tool {
  return {
    id: row.id,
    name: row.name,
    clientId: row.client_id,
    deploymentId: row.deployment_id,
    oidcLoginUrl: row.oidc_login_url,
    redirectUris: JSON.parse(row.redirect_uris) as Tool['redirectUris'],
    targetLinkUri: row.target_link_uri,
    jwksUrl: row.jwks_url,
    ...present('deepLinkingUrl', row.deep_linking_url),
    customParameters: JSON.parse(row.custom_parameters) as Tool['customParameters'],
    privacy: JSON.parse(row.privacy) as Tool['privacy'],
    services: JSON.parse(row.services) as Tool['services'],
    status: row.status,
    ...present('lti11ToolId', row.lti11_tool_id),
    createdAt: row.created_at,
  }
}
