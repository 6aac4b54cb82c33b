/**
 * Turns measured phases into the console table, the ltikit/ltijs ratios, the targets
 * (met or missed, never rounded in ltikit's favour) and `.bench/results.json`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import type { ServerName } from './targets.js'

/** One server at one concurrency. */
export interface ResultRow {
  readonly server: ServerName
  readonly concurrency: number
  readonly launches: number
  readonly wallMs: number
  readonly launchesPerSec: number
  readonly p50Ms: number
  readonly p99Ms: number
  /** utime + stime of the server process only, per launch. */
  readonly serverCpuMsPerLaunch: number
  /** PostgreSQL backends serving the server's database, per launch. */
  readonly dbCpuMsPerLaunch: number
  /** This process (load generator and emulator JWKS server), per launch. */
  readonly loadgenCpuMsPerLaunch: number
  readonly jwksFetchesPerLaunch: number
  readonly errors: number
  readonly errorSamples: readonly string[]
}

/** A server that could not be measured, and why. */
export interface FailedServer {
  readonly server: ServerName
  readonly error: string
}

/** One of the targets and whether this run met it (`undefined`: not measured). */
export interface Target {
  readonly name: string
  readonly value: number | undefined
  readonly goal: string
  readonly met: boolean | undefined
}

const TOOL_CPU_BUDGET_MS = 0.5
const THROUGHPUT_GOAL = 20

const find = (rows: readonly ResultRow[], server: ServerName, concurrency: number) =>
  rows.find((row) => row.server === server && row.concurrency === concurrency)
const ratio = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined || b === 0 ? undefined : a / b
const fixed = (value: number | undefined, digits = 2): string =>
  value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits)

/** Prints the report, writes `.bench/results.json` and returns the targets with verdicts. */
export function report(
  rows: readonly ResultRow[],
  failed: readonly FailedServer[],
  config: Record<string, unknown>,
): Target[] {
  const head = ['server', 'conc', 'launches/s', 'p50 ms', 'p99 ms', 'server CPU ms/launch']
  const more = ['db CPU ms/launch', 'loadgen CPU ms/launch', 'JWKS fetch/launch', 'errors']
  const table = [[...head, ...more]]
  for (const r of rows) {
    table.push([
      r.server,
      String(r.concurrency),
      fixed(r.launchesPerSec, 1),
      fixed(r.p50Ms),
      fixed(r.p99Ms),
      fixed(r.serverCpuMsPerLaunch, 3),
      fixed(r.dbCpuMsPerLaunch, 3),
      fixed(r.loadgenCpuMsPerLaunch, 3),
      fixed(r.jwksFetchesPerLaunch),
      `${r.errors}/${r.launches}`,
    ])
  }
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)))
  console.log('')
  for (const row of table) console.log(row.map((cell, i) => cell.padStart(widths[i]!)).join('  '))
  for (const r of rows.filter((row) => row.errors > 0)) {
    console.log(
      `\n${r.server} c=${r.concurrency} errors, first ones:\n  ${r.errorSamples.join('\n  ')}`,
    )
  }
  for (const f of failed) console.log(`\n${f.server} NOT MEASURED: ${f.error}`)

  const ratios = {
    throughputC1: ratio(
      find(rows, 'ltikit', 1)?.launchesPerSec,
      find(rows, 'ltijs', 1)?.launchesPerSec,
    ),
    throughputC20: ratio(
      find(rows, 'ltikit', 20)?.launchesPerSec,
      find(rows, 'ltijs', 20)?.launchesPerSec,
    ),
    serverCpuPerLaunchC1: ratio(
      find(rows, 'ltikit', 1)?.serverCpuMsPerLaunch,
      find(rows, 'ltijs', 1)?.serverCpuMsPerLaunch,
    ),
    serverCpuPerLaunchC20: ratio(
      find(rows, 'ltikit', 20)?.serverCpuMsPerLaunch,
      find(rows, 'ltijs', 20)?.serverCpuMsPerLaunch,
    ),
  }
  console.log('\nltikit / ltijs')
  console.log(`  launches/s at c=1:   ${fixed(ratios.throughputC1)}x`)
  console.log(`  launches/s at c=20:  ${fixed(ratios.throughputC20)}x`)
  console.log(
    `  server CPU per launch: ${fixed(ratios.serverCpuPerLaunchC1, 3)}x at c=1, ` +
      `${fixed(ratios.serverCpuPerLaunchC20, 3)}x at c=20`,
  )

  const ltikitRows = rows.filter((row) => row.server === 'ltikit')
  const worstCpu = ltikitRows.length
    ? Math.max(...ltikitRows.map((row) => row.serverCpuMsPerLaunch))
    : undefined
  const ltikitErrors = ltikitRows.length
    ? ltikitRows.reduce((sum, row) => sum + row.errors, 0)
    : undefined
  const targets: Target[] = [
    {
      name: 'ltikit tool CPU per launch (worst phase)',
      value: worstCpu,
      goal: `<= ${TOOL_CPU_BUDGET_MS} ms`,
      met: worstCpu === undefined ? undefined : worstCpu <= TOOL_CPU_BUDGET_MS,
    },
    {
      name: 'ltikit launches/s vs ltijs at c=20',
      value: ratios.throughputC20,
      goal: `>= ${THROUGHPUT_GOAL}x`,
      met: ratios.throughputC20 === undefined ? undefined : ratios.throughputC20 >= THROUGHPUT_GOAL,
    },
    {
      name: 'ltikit launch errors',
      value: ltikitErrors,
      goal: '= 0',
      met: ltikitErrors === undefined ? undefined : ltikitErrors === 0,
    },
  ]
  console.log('\nTargets')
  for (const t of targets) {
    const verdict = t.met === undefined ? 'NOT MEASURED' : t.met ? 'met' : 'MISSED'
    console.log(`  ${t.name}: ${fixed(t.value, 3)} (goal ${t.goal}): ${verdict}`)
  }
  const machine = { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }
  console.log(`\n${machine.cpus} CPUs (${machine.model}), shared by the load generator, the server`)
  console.log(
    'and PostgreSQL: when loadgen CPU per launch rivals server CPU, launches/s is bounded',
  )
  console.log('by the generator and the CPU columns are the figures to compare.')

  mkdirSync('.bench', { recursive: true })
  const results = { date: new Date().toISOString(), machine, config, rows, failed, ratios, targets }
  writeFileSync('.bench/results.json', `${JSON.stringify(results, null, 2)}\n`)
  console.log('\nwrote .bench/results.json')
  return targets
}
