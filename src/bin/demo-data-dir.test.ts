import { mkdtempSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_SECRETS_FILE, openDemoDataDir, resetDemoDataDir } from './demo-data-dir.js'

describe('the demo data folder', () => {
  let root: string
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ltikit-demo-dir-'))
  })
  afterEach(() => {
    rmSync(root, { recursive: true, force: true })
  })

  it('creates an owner-only folder and secrets file at the first start and reads them back', () => {
    const dir = join(root, 'data')
    const first = openDemoDataDir(dir)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, DEMO_SECRETS_FILE)).mode & 0o777).toBe(0o600)
    expect(first.toolDatabase).toBe(join(dir, 'tool.sqlite'))
    expect(first.platformDatabase).toBe(join(dir, 'platform.sqlite'))
    expect(first.secrets.tool.encryptionKey).not.toBe(first.secrets.platform.encryptionKey)
    expect(first.secrets.tool.adminToken).not.toBe(first.secrets.platform.adminToken)
    expect(openDemoDataDir(dir).secrets).toEqual(first.secrets)
  })

  it('refuses a secrets file it cannot read rather than replacing it', () => {
    const dir = join(root, 'data')
    mkdirSync(dir)
    writeFileSync(join(dir, DEMO_SECRETS_FILE), '{"tool":{}}')
    expect(() => openDemoDataDir(dir)).toThrow(/demo:reset/)
  })

  it('reset deletes the demo files and the folder when nothing else is in it', () => {
    const dir = join(root, 'data')
    openDemoDataDir(dir)
    for (const name of ['tool.sqlite', 'tool.sqlite-wal', 'platform.sqlite']) {
      writeFileSync(join(dir, name), '')
    }
    const result = resetDemoDataDir(dir)
    expect(result).toMatchObject({ outcome: 'deleted', kept: [] })
    expect(existsSync(dir)).toBe(false)
    expect(resetDemoDataDir(dir)).toEqual({ outcome: 'absent' })
  })

  it('reset keeps files that are not the demo’s, and the folder with them', () => {
    const dir = join(root, 'data')
    openDemoDataDir(dir)
    writeFileSync(join(dir, 'notes.txt'), 'mine')
    expect(resetDemoDataDir(dir)).toEqual({
      outcome: 'deleted',
      removed: [DEMO_SECRETS_FILE],
      kept: ['notes.txt'],
    })
    expect(readdirSync(dir)).toEqual(['notes.txt'])
  })

  it('reset deletes nothing from a folder without the demo secrets file', () => {
    writeFileSync(join(root, 'tool.sqlite'), 'someone else’s')
    expect(resetDemoDataDir(root)).toEqual({ outcome: 'not-demo' })
    expect(readdirSync(root)).toEqual(['tool.sqlite'])
  })
})
