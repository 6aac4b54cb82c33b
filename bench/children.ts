/**
 * Child server processes for the benchmark: spawn on loopback, wait until ready, read their CPU
 * time from /proc, and make sure none outlives the bench (normal exit, error or SIGINT).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'

/** Kernel clock ticks per second, the unit of utime/stime in /proc/<pid>/stat. */
export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

/** A spawned server and what it printed. */
export interface ChildServer {
  readonly name: string
  readonly pid: number
  readonly port: number
  readonly baseUrl: string
  /** The last 16 KiB of stdout and stderr, for error reports. */
  output(): string
  /** Set once the process has exited. */
  exitCode(): number | string | undefined
  stop(): Promise<void>
}

const children = new Set<ChildProcess>()

/** Asks the kernel for a free loopback port (closed again before the child binds it). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * Spawns `node <args>` with `env` added to the bench's environment.
 * @param name - Shown in error messages.
 */
export function spawnServer(
  name: string,
  args: string[],
  port: number,
  env: Record<string, string>,
): ChildServer {
  // BENCH_NODE_ARGS passes flags such as `--cpu-prof` to the servers (not to the bench itself).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  if (child.pid === undefined) throw new Error(`${name}: spawn failed`)
  children.add(child)
  let output = ''
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-16_384)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  let exit: number | string | undefined
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exit = code ?? signal ?? 'unknown'
      children.delete(child)
      resolve()
    }),
  )
  return {
    name,
    pid: child.pid,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    exitCode: () => exit,
    async stop() {
      if (exit !== undefined) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
      await exited
      clearTimeout(timer)
    },
  }
}

/**
 * Polls `ready` every 100 ms until it returns true. Fails at once, with the child's output, if
 * the child exits, and after `timeoutMs` otherwise.
 */
export async function waitUntilReady(
  server: ChildServer,
  ready: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exitCode() !== undefined) {
      throw new Error(
        `${server.name} exited (${server.exitCode()}) before it was ready:\n${server.output()}`,
      )
    }
    if (await ready().catch(() => false)) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${server.name} not ready after ${timeoutMs} ms:\n${server.output()}`)
}

/** Throws, with its output, if the child has died (ltijs exits on database errors). */
export function assertAlive(server: ChildServer): void {
  if (server.exitCode() !== undefined) {
    throw new Error(`${server.name} died (${server.exitCode()}):\n${server.output()}`)
  }
}

/** utime + stime of a process, in clock ticks; `undefined` if it is gone. */
export function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return undefined
  }
}

/** SIGKILLs every child still running; safe to call from a synchronous `exit` handler. */
export function killAllChildren(): void {
  for (const child of children) child.kill('SIGKILL')
}
