/**
 * The load generator: full LTI launches (login initiation + id_token POST) as fast as one Node
 * process can issue them. It shares the emulator's cached signing key and claim builder, but
 * skips the emulator's diagnostics and `fetch`, using undici's `request` over kept-alive sockets.
 */
import { randomUUID } from 'node:crypto'
import { Agent, request } from 'undici'
import { buildValidClaims, parseSetCookie, type LmsEmulator } from '../test/support/lms-emulator.js'

/** Where one server under test takes launches. */
export interface LaunchTarget {
  readonly loginUrl: string
  readonly targetLinkUri: string
  readonly scenarioId?: string
  /** Whether the id_token POST's answer is a successful launch. */
  isSuccess(status: number, location: string): boolean
}

/** One measured phase: N launches at a fixed concurrency. */
export interface PhaseSample {
  readonly launches: number
  readonly concurrency: number
  readonly wallMs: number
  /** Latency of each successful launch, ascending. */
  readonly latenciesMs: number[]
  readonly errors: number
  readonly errorSamples: string[]
}

const FORM = 'application/x-www-form-urlencoded'

/** A keep-alive dispatcher sized for the highest concurrency the bench uses. */
export function createAgent(): Agent {
  return new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 64 })
}

/**
 * Returns a function that runs one launch with a fresh user and throws unless it succeeds.
 */
export function createLauncher(
  emulator: LmsEmulator,
  target: LaunchTarget,
  dispatcher: Agent,
): () => Promise<void> {
  return async () => {
    const sub = `bench-${randomUUID()}`
    const login = await request(target.loginUrl, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': FORM },
      body: new URLSearchParams({
        iss: emulator.issuer,
        login_hint: sub,
        target_link_uri: target.targetLinkUri,
        client_id: emulator.clientId,
        lti_deployment_id: emulator.deploymentId,
        lti_message_hint: sub,
      }).toString(),
    })
    const location = String(login.headers.location ?? '')
    if (login.statusCode !== 302 && login.statusCode !== 303) {
      throw new Error(`login ${login.statusCode}: ${(await login.body.text()).slice(0, 200)}`)
    }
    await login.body.dump()
    if (!location.startsWith(emulator.authenticationRequestUrl)) {
      throw new Error(`login redirected to ${location}`)
    }
    const auth = new URL(location).searchParams
    const claims = buildValidClaims({
      issuer: emulator.issuer,
      clientId: emulator.clientId,
      deploymentId: emulator.deploymentId,
      nonce: auth.get('nonce') ?? '',
      targetLinkUri: target.targetLinkUri,
      user: 'learner',
      sub,
      scenarioId: target.scenarioId,
    })
    const setCookie = login.headers['set-cookie'] ?? []
    const cookies = parseSetCookie(Array.isArray(setCookie) ? setCookie : [setCookie])
    const launch = await request(auth.get('redirect_uri') ?? '', {
      method: 'POST',
      dispatcher,
      headers: {
        'content-type': FORM,
        cookie: Object.entries(cookies)
          .map(([name, value]) => `${name}=${value}`)
          .join('; '),
      },
      body: new URLSearchParams({
        id_token: await emulator.signIdToken(claims),
        state: auth.get('state') ?? '',
      }).toString(),
    })
    const landing = String(launch.headers.location ?? '')
    if (!target.isSuccess(launch.statusCode, landing)) {
      const body = (await launch.body.text()).slice(0, 200)
      throw new Error(`launch ${launch.statusCode} (location ${landing || 'none'}): ${body}`)
    }
    await launch.body.dump()
  }
}

/**
 * Runs `launches` launches with `concurrency` workers pulling from one shared counter.
 * Failed launches are counted and a few of their messages kept; they do not stop the phase.
 */
export async function runPhase(
  launches: number,
  concurrency: number,
  launchOnce: () => Promise<void>,
): Promise<PhaseSample> {
  const latenciesMs: number[] = []
  const errorSamples: string[] = []
  let errors = 0
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < launches) {
      next++
      const start = performance.now()
      try {
        await launchOnce()
        latenciesMs.push(performance.now() - start)
      } catch (err) {
        errors++
        if (errorSamples.length < 5) errorSamples.push(String(err))
      }
    }
  }
  const start = performance.now()
  await Promise.all(Array.from({ length: Math.min(concurrency, launches) }, worker))
  const wallMs = performance.now() - start
  latenciesMs.sort((a, b) => a - b)
  return { launches, concurrency, wallMs, latenciesMs, errors, errorSamples }
}

/** The p-th percentile (0..100) of ascending values, nearest-rank; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN
}
