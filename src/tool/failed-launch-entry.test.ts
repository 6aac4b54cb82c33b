import { describe, expect, it } from 'vitest'
import { LtiForbidden } from '../core/errors.js'
import { failedLaunchEntry } from './failed-launch-entry.js'

const deps = { correlationId: 'corr-1', workspaceId: 'ws-1', clock: { now: () => 1_000 } }

describe('failedLaunchEntry', () => {
  it("logs an LtiError's code and message", () => {
    const error = new LtiForbidden('LTI_TOOL_DISABLED', 'tool is disabled')
    expect(failedLaunchEntry(error, deps)).toEqual({
      correlationId: 'corr-1',
      workspaceId: 'ws-1',
      at: 1_000,
      outcome: 'failure',
      errorCode: 'LTI_TOOL_DISABLED',
      message: 'tool is disabled',
    })
  })

  it('logs anything else as LTI_INTERNAL without its message, and no workspace when unknown', () => {
    const entry = failedLaunchEntry(new Error('secret=hunter2'), {
      ...deps,
      workspaceId: undefined,
    })
    expect(entry).toMatchObject({ errorCode: 'LTI_INTERNAL', message: 'unexpected error' })
    expect(entry).not.toHaveProperty('workspaceId')
    expect(JSON.stringify(entry)).not.toContain('hunter2')
  })
})
