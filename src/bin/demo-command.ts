/**
 * `ltikit demo` (what `npm start` runs): starts the demo, prints where to click and who to sign
 * in as, and stops cleanly on Ctrl+C or SIGTERM. `ltikit demo --reset` deletes the demo's data.
 */
import { relative } from 'node:path'
import { DEMO_SECRETS_FILE, resetDemoDataDir } from './demo-data-dir.js'
import { startDemo } from './demo.js'
import type { RunningDemo } from './demo.js'

/** `LTIKIT_DATA_DIR`, else `./data` under the working directory. */
export function demoDataDir(env: NodeJS.ProcessEnv): string {
  return env.LTIKIT_DATA_DIR?.trim() || './data'
}

export async function runDemo(args: readonly string[]): Promise<void> {
  const dataDir = demoDataDir(process.env)
  if (args.includes('--reset')) return resetDemo(dataDir)
  console.log('Starting the ltikit demo: an LMS and a tool on this computer...')
  let demo: RunningDemo
  try {
    demo = await startDemo({ dataDir, env: process.env })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    const port = (error as { port?: number }).port
    console.error(
      `Port ${port ?? ''} is in use (another demo still running?). Stop it, or choose other ports:` +
        ' PORT=3001 PLATFORM_PORT=4001 npm start (the LMS and tool then register anew).',
    )
    process.exitCode = 1
    return
  }
  console.log(demoBanner(demo))
  let stopping = false
  const stop = (signal: string) => {
    // A second Ctrl+C while closing leaves at once.
    if (stopping) process.exit(130)
    stopping = true
    console.log(`\n${signal}: stopping the demo...`)
    demo.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

function resetDemo(dataDir: string): void {
  const result = resetDemoDataDir(dataDir)
  switch (result.outcome) {
    case 'absent':
      console.log(`Nothing to reset: ${dataDir} does not exist.`)
      return
    case 'not-demo':
      console.error(
        `${dataDir} has no ${DEMO_SECRETS_FILE}, so it is not the demo's data folder: nothing deleted.`,
      )
      process.exitCode = 1
      return
    case 'deleted':
      console.log(`Deleted the demo's data (${result.removed.join(', ') || 'nothing left'}).`)
      if (result.kept.length > 0) {
        console.log(`Kept files that are not the demo's: ${result.kept.join(', ')}`)
      }
      console.log('The next npm start seeds a fresh demo.')
  }
}

/** What to click and who to sign in as, for the terminal. */
export function demoBanner(demo: RunningDemo): string {
  const where = shortPath(demo.dataDir)
  const width = Math.max(...demo.signIns.map((s) => s.email.length))
  const status =
    demo.created.length > 0
      ? `Set up at this start: ${summarise(demo.created)}.`
      : `Resumed from ${where}: nothing new to set up.`
  const lines = [
    '',
    'ltikit demo is running.',
    status,
    '',
    `  LMS        ${demo.platformUrl}`,
    `    course   ${demo.links.course}`,
    `    admin    ${demo.links.lmsAdmin}`,
    `  Tool       ${demo.toolUrl}`,
    `    admin    ${demo.links.toolAdmin}`,
    '',
    'Sign in as (demo passwords: the demo listens on this computer only, never use them elsewhere):',
    ...demo.signIns.map(
      (s) => `  ${s.who.padEnd(11)} ${s.email.padEnd(width)}  ${s.password}   at ${s.url}`,
    ),
    '',
    ...twoSites(demo),
    `Data and secrets (admin API tokens) are kept in ${where}; the next npm start resumes.`,
    'Stop with Ctrl+C. Start over: stop, then npm run demo:reset.',
    '',
  ]
  if (!demo.signIns.some((s) => s.who === 'Tool admin')) {
    lines.splice(
      -2,
      0,
      `This tool has no workspace admin sign-in yet: sign in at ${demo.toolUrl}/admin/login with`,
      `the tool's admin token from ${where}/${DEMO_SECRETS_FILE}.`,
    )
  }
  return lines.join('\n')
}

/** `data` for `./data`; an absolute path for a folder outside the working directory. */
function shortPath(path: string): string {
  const near = relative(process.cwd(), path)
  return near === '' ? '.' : near.startsWith('..') ? path : near
}

/** Why the two URLs differ in host name, when they do. */
function twoSites(demo: RunningDemo): string[] {
  const lms = new URL(demo.platformUrl).hostname
  const tool = new URL(demo.toolUrl).hostname
  if (lms === tool) return []
  return [
    `The LMS and the tool answer on different host names (${lms} and ${tool}): to your browser`,
    'they are two sites, as a real LMS and tool are. Open each by the address shown.',
  ]
}

/** "4 LMS users, course SALES-101, ...": the seeders' one line per item, counted by kind. */
function summarise(created: readonly string[]): string {
  const kinds = [
    { prefix: 'LMS user ', one: 'LMS user', many: 'LMS users' },
    { prefix: 'enrollment of ', one: 'enrollment', many: 'enrollments' },
  ]
  const parts: (string | (typeof kinds)[number])[] = []
  const counts = new Map<(typeof kinds)[number], number>()
  for (const item of created) {
    const kind = kinds.find((k) => item.startsWith(k.prefix))
    if (!kind) parts.push(item)
    else if (!counts.has(kind)) parts.push(kind)
    if (kind) counts.set(kind, (counts.get(kind) ?? 0) + 1)
  }
  return parts
    .map((part) => {
      if (typeof part === 'string') return part
      const n = counts.get(part) ?? 0
      return `${n} ${n === 1 ? part.one : part.many}`
    })
    .join(', ')
}
