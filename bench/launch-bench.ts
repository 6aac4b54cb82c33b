/**
 * `npm run bench`: full LTI 1.3 launches (OIDC login initiation + id_token POST) against ltikit's
 * tool server and against ltijs, each a child process on a fresh PostgreSQL database, driven by
 * the in-test LMS emulator over loopback HTTP.
 *
 * Environment: BENCH_SERVERS (default `ltikit,ltijs`), BENCH_WARMUP (2000), BENCH_LAUNCHES
 * (launches at c=20, default 2000), BENCH_LAUNCHES_C1 (default a quarter of BENCH_LAUNCHES),
 * BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test), BENCH_LTIKIT_ENTRY (default
 * dist/bin/ltikit.js), BENCH_NODE_ARGS (extra node flags for the servers, e.g. `--cpu-prof`),
 * BENCH_STRICT=1 to exit 1 when a performance target is missed.
 */
import { startLmsEmulator, type LmsEmulator } from '../test/support/lms-emulator.js'
import { backendTicksBetween, dropAllBenchDatabases } from './bench-db.js'
import { intFromEnv, runBench } from './bench-process.js'
import { assertAlive, CLK_TCK, cpuTicks } from './children.js'
import { createAgent, createLauncher, percentile, runPhase } from './load.js'
import { report, type FailedServer, type ResultRow } from './report.js'
import {
  startLtijs,
  startLtikit,
  verifyEndToEnd,
  type ServerName,
  type StartedServer,
} from './targets.js'

const launchesC20 = intFromEnv('BENCH_LAUNCHES', 2000)
const config = {
  servers: (process.env.BENCH_SERVERS ?? 'ltikit,ltijs')
    .split(',')
    .map((name) => name.trim())
    .filter((name): name is ServerName => name === 'ltikit' || name === 'ltijs'),
  // Long enough for V8 to optimise the hot paths: a cold server spends as much on JIT and GC.
  warmup: intFromEnv('BENCH_WARMUP', 2000),
  phases: [
    { concurrency: 1, launches: intFromEnv('BENCH_LAUNCHES_C1', Math.ceil(launchesC20 / 4)) },
    { concurrency: 20, launches: launchesC20 },
  ],
  clockTicksPerSecond: CLK_TCK,
}
const msPerTick = 1000 / CLK_TCK

/** Measures one phase: wall time, latencies and the CPU of server, database and this process. */
async function measure(
  emulator: LmsEmulator,
  started: StartedServer,
  launchOnce: () => Promise<void>,
  phase: { concurrency: number; launches: number },
): Promise<ResultRow> {
  const { server, db } = started
  const server0 = cpuTicks(server.pid)
  const db0 = await db.backendTicks()
  const self0 = process.cpuUsage()
  const jwks0 = emulator.jwksRequests
  const sample = await runPhase(phase.launches, phase.concurrency, launchOnce)
  const self = process.cpuUsage(self0)
  const jwks = emulator.jwksRequests - jwks0
  const server1 = cpuTicks(server.pid)
  const db1 = await db.backendTicks()
  assertAlive(server)
  if (server0 === undefined || server1 === undefined) throw new Error(`${server.name}: no /proc`)
  const n = phase.launches
  const row: ResultRow = {
    server: started.name,
    concurrency: phase.concurrency,
    launches: n,
    wallMs: sample.wallMs,
    launchesPerSec: (n - sample.errors) / (sample.wallMs / 1000),
    p50Ms: percentile(sample.latenciesMs, 50),
    p99Ms: percentile(sample.latenciesMs, 99),
    serverCpuMsPerLaunch: ((server1 - server0) * msPerTick) / n,
    dbCpuMsPerLaunch: (backendTicksBetween(db0, db1) * msPerTick) / n,
    loadgenCpuMsPerLaunch: (self.user + self.system) / 1000 / n,
    jwksFetchesPerLaunch: jwks / n,
    errors: sample.errors,
    errorSamples: sample.errorSamples,
  }
  const line = `${row.launchesPerSec.toFixed(1)} launches/s, server CPU ${row.serverCpuMsPerLaunch.toFixed(3)} ms/launch`
  console.log(`  c=${phase.concurrency}: ${n} launches, ${line}, ${row.errors} errors`)
  return row
}

async function benchServer(emulator: LmsEmulator, name: ServerName): Promise<ResultRow[]> {
  console.log(`\n${name}: starting (fresh database)`)
  const started = name === 'ltikit' ? await startLtikit(emulator) : await startLtijs(emulator)
  try {
    await verifyEndToEnd(emulator, started)
    console.log(`${name}: first launch verified end to end; warming up (${config.warmup})`)
    const agent = createAgent()
    try {
      const launchOnce = createLauncher(emulator, started.target, agent)
      const warm = await runPhase(config.warmup, 10, launchOnce)
      assertAlive(started.server)
      if (warm.errors === config.warmup) {
        throw new Error(`${name}: every warm-up launch failed: ${warm.errorSamples[0]}`)
      }
      const rows: ResultRow[] = []
      for (const phase of config.phases)
        rows.push(await measure(emulator, started, launchOnce, phase))
      return rows
    } finally {
      await agent.close()
    }
  } finally {
    await started.server.stop()
    await started.db.drop()
  }
}

async function main(): Promise<number> {
  const emulator = await startLmsEmulator({
    clientId: 'bench-client',
    deploymentId: 'bench-deployment',
  })
  const rows: ResultRow[] = []
  const failed: FailedServer[] = []
  try {
    for (const name of config.servers) {
      try {
        rows.push(...(await benchServer(emulator, name)))
      } catch (err) {
        console.error(`\n${name}: ABORTED: ${err instanceof Error ? err.message : String(err)}`)
        failed.push({ server: name, error: err instanceof Error ? err.message : String(err) })
      }
    }
  } finally {
    await emulator.close()
    await dropAllBenchDatabases()
  }
  const targets = report(rows, failed, config)
  const ltikitErrors = rows.some((row) => row.server === 'ltikit' && row.errors > 0)
  const missed = targets.some((target) => target.met === false)
  return failed.length > 0 || ltikitErrors || (process.env.BENCH_STRICT === '1' && missed) ? 1 : 0
}

runBench(main, { cleanUpOnSignal: true })
