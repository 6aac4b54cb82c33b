/**
 * An admin's switch on a tool, for tools of either LTI version: `POST {path}/:id/disable` and
 * `/enable`. A disabled tool's activities cannot be launched (a 1.3 tool also gets no deep
 * linking request nor access token, a 1.1 tool's Basic Outcomes calls are refused) until an
 * admin enables it. Both answer the tool as `GET {path}/:id` does; idempotent.
 */
import type { Hono } from 'hono'
import type { AppEnv } from '../env.js'

/** What each verb sets: the admin pages and the admin API of both versions share it. */
export const TOOL_STATUS_SWITCH = { disable: 'disabled', enable: 'active' } as const

export type ToolStatusVerb = keyof typeof TOOL_STATUS_SWITCH

/**
 * Adds the two routes to an admin API app.
 * @param change sets the status, and throws the version's not-found error for an unknown ID.
 * @param json the tool as the API shows it.
 */
export function toolStatusApi<T extends { readonly id: string; readonly status: string }>(
  app: Hono<AppEnv>,
  path: string,
  change: (id: string, status: 'active' | 'disabled') => Promise<T>,
  json: (tool: T) => unknown,
): void {
  for (const [verb, status] of Object.entries(TOOL_STATUS_SWITCH)) {
    app.post(`${path}/:id/${verb}`, async (c) => {
      const tool = await change(c.req.param('id'), status)
      c.get('log').info({ toolId: tool.id, status: tool.status, path }, `tool ${verb}d`)
      return c.json(json(tool))
    })
  }
}
