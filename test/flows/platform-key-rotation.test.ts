/** An LMS rotates its signing key: launches go on with no admin action, and no flood of fetches. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LmsEmulator } from '../support/lms-emulator.js'
import { launchLogCode, startConnectedTool } from '../support/tool-harness.js'
import type { ConnectedTool, ConnectedWorkspace, TestTool } from '../support/tool-harness.js'

describe('platform key rotation', () => {
  let tool: TestTool
  let lms: LmsEmulator
  let ws: ConnectedWorkspace
  let launch: ConnectedTool['launch']
  let connected: ConnectedTool

  beforeAll(async () => {
    connected = await startConnectedTool('sqlite')
    ;({ tool, lms, ws, launch } = connected)
  })
  afterAll(() => connected?.close())

  it('refetches the key set once when a new kid arrives, then keeps it cached', async () => {
    expect((await launch()).launchResponse.status).toBe(303)
    expect(lms.jwksRequests).toBe(1)
    await lms.rotateKey()
    expect((await launch()).launchResponse.status).toBe(303)
    expect(lms.jwksRequests).toBe(2)
    expect((await launch()).launchResponse.status).toBe(303)
    expect(lms.jwksRequests).toBe(2)
  })

  it('does not refetch for every unknown kid (rate-limited) and names the failure', async () => {
    const before = lms.jwksRequests
    for (let i = 0; i < 5; i++) {
      const { launchResponse } = await launch({ sign: 'unknown-kid' })
      expect((await launchLogCode(tool, ws, launchResponse))?.errorCode).toBe('LTI_JWT_KID_UNKNOWN')
    }
    expect(lms.jwksRequests - before).toBeLessThanOrEqual(1)
  })
})
