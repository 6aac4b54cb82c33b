/**
 * Stateless instances on one PostgreSQL database: the login is answered by one instance and
 * the launch posted to another, as behind a load balancer without sticky sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS, openTestDatabase } from '../support/databases.js'
import type { TestDatabase } from '../support/databases.js'
import { startLmsEmulator } from '../support/lms-emulator.js'
import type { LmsEmulator } from '../support/lms-emulator.js'
import { connectEmulator, startTestTool } from '../support/tool-harness.js'
import type { ConnectedWorkspace, TestTool } from '../support/tool-harness.js'

// PostgreSQL is the multi-instance database; outside CI it may be switched off (LTIKIT_TEST_PG=off).
describe.runIf(DIALECTS.includes('postgres'))(
  'two tool instances on one PostgreSQL database',
  () => {
    let database: TestDatabase
    let first: TestTool
    let second: TestTool
    let lms: LmsEmulator
    let ws: ConnectedWorkspace
    let launchesToSecond = 0

    beforeAll(async () => {
      database = await openTestDatabase('postgres')
      first = await startTestTool('postgres', { database })
      // Both answer for the same public address, like instances behind one load balancer.
      second = await startTestTool('postgres', { database, publicUrl: first.server.url })
      lms = await startLmsEmulator({
        fetch: (url, init) => {
          // The "load balancer": launches go to the second instance, everything else to the first.
          if (url.endsWith('/launch')) {
            launchesToSecond++
            return fetch(
              url.replace(first.server.url, `http://127.0.0.1:${second.server.port}`),
              init,
            )
          }
          return fetch(url, init)
        },
      })
      ws = await connectEmulator(first, lms)
    })
    afterAll(async () => {
      await lms?.close()
      await second?.close()
      await first?.close()
      await database?.close()
    })

    it('completes a launch whose login was answered by the other instance', async () => {
      const { launchResponse } = await lms.launch({
        loginUrl: ws.endpoints.oidcLoginUrl,
        targetLinkUri: ws.endpoints.launchUrl,
        scenarioId: ws.scenario.slug,
      })
      expect(launchesToSecond).toBe(1)
      expect(launchResponse.status).toBe(303)
      // The session signed by the second instance opens pages on the first.
      const page = await fetch(first.server.url + launchResponse.headers.get('location'))
      expect(page.status).toBe(200)
    })

    it('lets only one instance use a state when the same launch reaches both', async () => {
      const { idToken, authRequest, cookies, launchResponse } = await lms.launch({
        loginUrl: ws.endpoints.oidcLoginUrl,
        targetLinkUri: ws.endpoints.launchUrl,
      })
      expect(launchResponse.status).toBe(303)
      const replay = await fetch(ws.endpoints.launchUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          cookie: Object.entries(cookies)
            .map(([k, v]) => `${k}=${v}`)
            .join('; '),
        },
        body: new URLSearchParams({
          id_token: idToken,
          state: authRequest.get('state') as string,
        }).toString(),
      })
      expect((await replay.json()).error.code).toBe('LTI_NONCE_REPLAYED')
    })
  },
)
