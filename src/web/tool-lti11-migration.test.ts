import { Writable } from 'node:stream'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { createSecretBox, generateSecretKey } from '../core/security/secret-box.js'
import { lti11MigrationPorts } from './tool-lti11-migration.js'
import type { ToolStores } from './tool-stores.js'

function capturingLogger() {
  const lines: Record<string, unknown>[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>)
      done()
    },
  })
  return { log: pino({ level: 'info' }, stream).child({ correlationId: 'corr-1' }), lines }
}

describe('lti11MigrationPorts', () => {
  it('opens the sealed secret of the workspace consumer, and only on demand', async () => {
    const secretBox = createSecretBox([generateSecretKey()])
    const sealed = await secretBox.seal('s3cret')
    const asked: string[] = []
    const stores = {
      lti11Consumers: {
        findByKey: async (workspaceId: string, key: string) => {
          asked.push(`${workspaceId}/${key}`)
          return key === 'k'
            ? { id: 'c', workspaceId, consumerKey: 'k', encryptedSecret: sealed, createdAt: 0 }
            : undefined
        },
      },
    } as unknown as ToolStores
    const ports = lti11MigrationPorts({ stores, secretBox }, 'ws-1', capturingLogger().log)
    const consumer = await ports.findConsumer('k')
    expect(consumer).toBeDefined()
    expect(consumer?.registrationId).toBeUndefined()
    expect(await consumer?.openSecret()).toBe('s3cret')
    expect(await ports.findConsumer('other')).toBeUndefined()
    expect(asked).toEqual(['ws-1/k', 'ws-1/other'])
  })

  it('logs an ignored claim as a warning with its code and the correlation ID', () => {
    const { log, lines } = capturingLogger()
    const ports = lti11MigrationPorts(
      { stores: {} as ToolStores, secretBox: createSecretBox([generateSecretKey()]) },
      'ws-1',
      log,
    )
    ports.onClaimInvalid({ code: 'LTI11_MIGRATION_CLAIM_INVALID', reason: 'does not verify' })
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        code: 'LTI11_MIGRATION_CLAIM_INVALID',
        correlationId: 'corr-1',
        workspaceId: 'ws-1',
        reason: 'does not verify',
      }),
    ])
  })
})
