/**
 * The bench scripts' process plumbing: settings read from the environment, and running `main` so
 * that its result is the exit code and no child server or bench database outlives the run.
 */
import { dropAllBenchDatabases } from './bench-db.js'
import { killAllChildren } from './children.js'

/** A positive whole number from the environment variable `name`, else `fallback`. */
export function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? '')
  return Number.isInteger(value) && value > 0 ? value : fallback
}

export interface RunBenchOptions {
  /** On SIGINT or SIGTERM, kill the children and drop the bench databases (5 s at most). */
  cleanUpOnSignal?: boolean
}

/**
 * Runs `main` as the process: its result becomes the exit code, a throw is printed and exits 1,
 * and every child still running is killed when the process exits.
 */
export function runBench(main: () => Promise<number>, options: RunBenchOptions = {}): void {
  process.on('exit', killAllChildren)
  if (options.cleanUpOnSignal) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        console.error(`\n${signal}: stopping servers and dropping bench databases`)
        killAllChildren()
        const timeout = setTimeout(() => process.exit(130), 5000)
        void dropAllBenchDatabases().finally(() => {
          clearTimeout(timeout)
          process.exit(130)
        })
      })
    }
  }
  main().then(
    (code) => {
      process.exitCode = code
    },
    (err: unknown) => {
      console.error(err)
      killAllChildren()
      process.exitCode = 1
    },
  )
}
