/**
 * Seeds `ltikit tool` for a bench through its admin API: one workspace with one scenario of the
 * same slug, connected to the bench's LMS emulator.
 */
import type { BenchAdminApi } from './ltikit-child.js'

/** The LMS side of the connection, as the tool's `POST .../lti/platforms` takes it. */
export interface BenchLms {
  readonly issuer: string
  readonly clientId: string
  readonly deploymentId: string
  readonly authenticationRequestUrl: string
  readonly accessTokenUrl: string
  readonly jwksUrl: string
}

export interface BenchWorkspace {
  /** `/workspaces/<id>`, under `/api`. */
  readonly path: string
  readonly endpoints: { oidcLoginUrl: string; launchUrl: string; jwksUrl: string }
}

/** Creates workspace `name` with slug `slug`, its scenario `slug`, and connects `lms`. */
export async function createBenchWorkspace(
  api: BenchAdminApi,
  name: string,
  slug: string,
  lms: BenchLms,
): Promise<BenchWorkspace> {
  const workspace = await api<{ id: string }>('POST', '/workspaces', { name, slug })
  const path = `/workspaces/${encodeURIComponent(workspace.id)}`
  await api('POST', `${path}/scenarios`, { slug, title: `${name} scenario` })
  const endpoints = await api<BenchWorkspace['endpoints']>('GET', `${path}/lti/endpoints`)
  await api('POST', `${path}/lti/platforms`, {
    name: 'ltikit LMS emulator',
    issuer: lms.issuer,
    clientId: lms.clientId,
    deploymentIds: [lms.deploymentId],
    authenticationRequestUrl: lms.authenticationRequestUrl,
    accessTokenUrl: lms.accessTokenUrl,
    jwksUrl: lms.jwksUrl,
  })
  return { path, endpoints }
}
