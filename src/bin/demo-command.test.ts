import { describe, expect, it } from 'vitest'
import { demoBanner, demoDataDir } from './demo-command.js'
import type { RunningDemo } from './demo.js'

const demo = {
  toolUrl: 'http://127.0.0.1:3000',
  platformUrl: 'http://localhost:4000',
  dataDir: `${process.cwd()}/data`,
  links: {
    course: 'http://localhost:4000/courses/c1',
    lmsAdmin: 'http://localhost:4000/admin/tools',
    toolAdmin: 'http://127.0.0.1:3000/admin/workspaces/acme/lti',
  },
  signIns: [
    {
      who: 'Learner',
      name: 'Lena Learner',
      email: 'lena@example.com',
      password: 'demo-password',
      url: 'http://localhost:4000/login',
    },
    {
      who: 'Tool admin',
      name: 'Toby Trainer',
      email: 'toby@example.com',
      password: 'demo-password',
      url: 'http://127.0.0.1:3000/admin/login',
    },
  ],
  created: [],
} as unknown as RunningDemo

describe('ltikit demo', () => {
  it('prints both URLs, the pages to open, every sign-in and how to reset', () => {
    const text = demoBanner(demo)
    for (const expected of [
      'http://localhost:4000',
      'http://127.0.0.1:3000',
      'http://localhost:4000/courses/c1',
      'http://127.0.0.1:3000/admin/workspaces/acme/lti',
      'lena@example.com',
      'toby@example.com',
      'http://127.0.0.1:3000/admin/login',
      'npm run demo:reset',
      'Resumed',
      ' data;',
    ]) {
      expect(text).toContain(expected)
    }
    expect(text).not.toContain('admin token from')
  })

  it('sums up what a start set up', () => {
    const created = [
      'LMS user a@example.com',
      'LMS user b@example.com',
      'course SALES-101',
      'enrollment of b@example.com',
      'connection by dynamic registration',
    ]
    expect(demoBanner({ ...demo, created })).toContain(
      'Set up at this start: 2 LMS users, course SALES-101, 1 enrollment, connection by dynamic registration.',
    )
  })

  it('points to the admin token while the tool has no workspace admin sign-in', () => {
    const withoutAdmin = { ...demo, signIns: demo.signIns.slice(0, 1) }
    expect(demoBanner(withoutAdmin)).toContain('data/demo-secrets.json')
  })

  it('keeps its data in LTIKIT_DATA_DIR, else ./data', () => {
    expect(demoDataDir({})).toBe('./data')
    expect(demoDataDir({ LTIKIT_DATA_DIR: ' /srv/demo ' })).toBe('/srv/demo')
  })
})
