import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ERROR_CATALOGUE } from '../core/errors.js'
import { renderErrorsDoc } from './errors-doc.js'

describe('docs/errors.md', () => {
  it('is the rendering of the current catalogue (run npm run docs:errors)', () => {
    const onDisk = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8')
    expect(onDisk).toBe(renderErrorsDoc())
  })

  it('gives every code a 4xx/5xx status and an actionable hint', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(code).toMatch(/^LTI(11)?_[A-Z0-9_]+$/)
      expect(entry.status).toBeGreaterThanOrEqual(400)
      expect(entry.hint.length).toBeGreaterThan(20)
    }
  })
})
