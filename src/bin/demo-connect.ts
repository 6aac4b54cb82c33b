/**
 * Connects the demo's tool workspace to the demo's LMS by LTI Dynamic Registration, driving the
 * real flow over HTTP as the two admins would: the tool admin issues a registration URL, the LMS
 * admin starts a registration with it, and the browser opens the tool's registration page and
 * confirms. Nothing of the protocol is done here; every step is the servers' own.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#overview
 */
import type { Fetch } from '../core/ports.js'
import type { AdminClient } from './admin-client.js'
import { expectStatus } from './admin-client.js'
import { readHtmlForm } from './read-html-form.js'

export interface DemoConnection {
  /** The tool as the LMS lists it. */
  toolId: string
  clientId: string
  deploymentId: string
  /** The LMS connection as the workspace lists it. */
  registrationId: string
  /** Whether this call registered (false: the connection was there). */
  registered: boolean
}

interface PlatformToolJson {
  id: string
  clientId: string
  deploymentId: string
  status: string
  issuer: string
  tool: { oidcLoginUrl: string }
}

interface RegistrationJson {
  id: string
  issuer: string
  clientId: string
}

export interface ConnectInput {
  toolApi: AdminClient
  platformApi: AdminClient
  /** The workspace's slug or ID in the tool's admin API. */
  workspace: string
  /** The LMS's issuer (its public URL). */
  issuer: string
  /** The browser's fetch; default the global one. */
  fetch?: Fetch
}

/** Registers the workspace with the LMS unless a live connection is already there. */
export async function connectByDynamicRegistration(input: ConnectInput): Promise<DemoConnection> {
  const found = await findConnection(input)
  // The tool still lists connections the LMS no longer answers for (its database was reset, or
  // it moved): remove them, or the admin page would show dead connections next to the live one.
  for (const { registration, tool } of found.stale) {
    const path = `/workspaces/${input.workspace}/lti/platforms/${registration.id}`
    expectStatus(await input.toolApi(path, { method: 'DELETE' }), 204, 'stale LMS connection')
    // Its tool on the LMS can no longer launch anything: show it disabled, not active.
    if (tool?.status === 'active') {
      const disable = `/tools/${tool.id}/disable`
      expectStatus(await input.platformApi(disable, { method: 'POST' }), 200, 'stale tool')
    }
  }
  if (found.connection) return { ...found.connection, registered: false }

  const issued = expectStatus(
    await input.toolApi(`/workspaces/${input.workspace}/lti/registrations`, { method: 'POST' }),
    201,
    'registration URL',
  ) as { url: string }
  const started = expectStatus(
    await input.platformApi('/tools/registrations', { body: { registrationUrl: issued.url } }),
    201,
    'registration start',
  ) as { launchUrl: string }
  await confirmInBrowser(started.launchUrl, input.fetch ?? globalThis.fetch)

  const after = await findConnection(input)
  if (!after.connection) throw new Error('dynamic registration completed but no connection found')
  return { ...after.connection, registered: true }
}

/**
 * What the admin's browser does with the URL the LMS opens: GET the tool's registration page,
 * then submit its confirmation form, a same-origin POST.
 */
async function confirmInBrowser(launchUrl: string, fetch: Fetch): Promise<void> {
  const page = await fetch(launchUrl, { redirect: 'manual', headers: { accept: 'text/html' } })
  const html = await page.text()
  if (page.status !== 200) throw new Error(`registration page: ${describe(page.status, html)}`)
  const form = readHtmlForm(html)
  const action = new URL(form.action, launchUrl)
  const done = await fetch(action, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      accept: 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
      origin: new URL(launchUrl).origin,
      'sec-fetch-site': 'same-origin',
    },
    body: new URLSearchParams(form.fields).toString(),
  })
  const result = await done.text()
  if (done.status !== 200) throw new Error(`registration: ${describe(done.status, result)}`)
}

/** A connection of the workspace the LMS no longer answers for, and its tool on the LMS. */
interface StaleConnection {
  registration: RegistrationJson
  /** The LMS's record of it, when the LMS still has one (it moved to another address). */
  tool?: PlatformToolJson
}

async function findConnection(input: ConnectInput): Promise<{
  connection?: Omit<DemoConnection, 'registered'>
  stale: StaleConnection[]
}> {
  const endpoints = expectStatus(
    await input.toolApi(`/workspaces/${input.workspace}/lti/endpoints`),
    200,
    'tool endpoints',
  ) as { oidcLoginUrl: string }
  const tools = (
    expectStatus(await input.platformApi('/tools'), 200, 'LMS tools') as PlatformToolJson[]
  ).filter((tool) => tool.tool.oidcLoginUrl === endpoints.oidcLoginUrl)
  const registrations = expectStatus(
    await input.toolApi(`/workspaces/${input.workspace}/lti/platforms`),
    200,
    'LMS connections',
  ) as RegistrationJson[]
  const toolOf = (registration: RegistrationJson) =>
    tools.find((tool) => tool.clientId === registration.clientId)

  // Client IDs are this LMS's own: one under another issuer is this LMS at an earlier address
  // (another port), where nothing answers now. One under this issuer that the LMS does not know
  // is from before its database was reset.
  const stale: StaleConnection[] = registrations.flatMap((registration) => {
    const tool = toolOf(registration)
    if (registration.issuer !== input.issuer) return tool ? [{ registration, tool }] : []
    return tool ? [] : [{ registration }]
  })
  const live = registrations.find((r) => r.issuer === input.issuer && toolOf(r))
  if (!live) return { stale }
  const tool = toolOf(live)!
  // Registered while the LMS held new tools for approval: the demo approves its own tool. A
  // tool an LMS admin disabled stays disabled.
  if (tool.status === 'pending') {
    const path = `/tools/${tool.id}/approve`
    expectStatus(await input.platformApi(path, { method: 'POST' }), 200, 'tool approval')
  }
  const connection = {
    toolId: tool.id,
    clientId: tool.clientId,
    deploymentId: tool.deploymentId,
    registrationId: live.id,
  }
  return { connection, stale }
}

/** A failure page's status and text, without markup, for the error message. */
function describe(status: number, html: string): string {
  const text = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return `HTTP ${status} ${text.slice(0, 400)}`
}
