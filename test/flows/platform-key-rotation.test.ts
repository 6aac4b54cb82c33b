/** An LMS rotates its signing key: launches go on with no admin action, and no flood of fetches. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLmsEmulator } from '../support/lms-emulator.js'
import type { LmsEmulator } from '../support/lms-emulator.js'
import { connectEmulator, launchLogCode, startTestTool } from '../support/tool-harness.js'
import type { ConnectedWorkspace, TestTool } from '../support/tool-harness.js'

describe('platform key rotation', () => {
  let tool: TestTool
  let lms: LmsEmulator
  let ws: ConnectedWorkspace

  beforeAll(async () => {
    tool = await startTestTool('sqlite')
    lms = await startLmsEmulator()
    ws = await connectEmulator(tool, lms)
  })
  afterAll(async () => {
    await lms?.close()
    await tool?.close()
  })

  const launch = (options: Partial<Parameters<LmsEmulator['launch']>[0]> = {}) =>
    lms.launch({
      loginUrl: ws.endpoints.oidcLoginUrl,
      targetLinkUri: ws.endpoints.launchUrl,
      ...options,
    })

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
