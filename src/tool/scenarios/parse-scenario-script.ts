/**
 * Reads an authored script: the JSON text, its shape (`scenarioScriptSchema`), then what a schema
 * cannot say: IDs are unique, every `next` leads somewhere, the conversation never loops back,
 * every line can be reached, plays are bounded in length and some path earns points. Each
 * problem names the node and reply it is about, so an author can find it in the file.
 */
import { jsonErrorOffset } from './json-error-offset.js'
import { SCRIPT_LIMITS, scenarioScriptSchema } from './scenario-script.js'
import type { ScenarioScript, ScriptProblem } from './scenario-script.js'

export type ParsedScript =
  | { readonly ok: true; readonly script: ScenarioScript }
  | { readonly ok: false; readonly problems: readonly ScriptProblem[] }

/** Reported at most: the first problems are the ones to fix first. */
const MAX_PROBLEMS = 20

/** Parses and checks a script authored as JSON text (an upload, a text area, an API field). */
export function parseScenarioScriptJson(text: string): ParsedScript {
  if (new TextEncoder().encode(text).length > SCRIPT_LIMITS.maxBytes) {
    return failed('', `the script is larger than ${SCRIPT_LIMITS.maxBytes / 1024} KiB`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return failed('', `not valid JSON: ${jsonErrorAt(text, error)}`)
  }
  return parseScenarioScript(value)
}

/** Checks a script already parsed from JSON (or YAML, or built in code). */
export function parseScenarioScript(value: unknown): ParsedScript {
  const parsed = scenarioScriptSchema.safeParse(value)
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, MAX_PROBLEMS).map((issue) => ({
      path: pathOf(issue.path),
      message: `${subjectOf(value, issue.path)}${issue.message}`,
    }))
    return { ok: false, problems }
  }
  const problems = checkGraph(parsed.data).slice(0, MAX_PROBLEMS)
  return problems.length > 0 ? { ok: false, problems } : { ok: true, script: parsed.data }
}

function checkGraph(script: ScenarioScript): ScriptProblem[] {
  const problems: ScriptProblem[] = []
  const add = (path: string, message: string) => problems.push({ path, message })

  const seen = new Set<string>()
  const ids = [
    ...script.nodes.map((n, i) => ({ id: n.id, path: `nodes[${i}].id` })),
    ...script.endings.map((e, i) => ({ id: e.id, path: `endings[${i}].id` })),
  ]
  for (const { id, path } of ids) {
    if (seen.has(id)) add(path, `ID '${id}' is used twice (nodes and endings share one set of IDs)`)
    seen.add(id)
  }
  const replyIds = new Set<string>()
  script.nodes.forEach((node, i) =>
    node.replies.forEach((reply, j) => {
      if (replyIds.has(reply.id)) {
        add(
          `nodes[${i}].replies[${j}].id`,
          `node '${node.id}': reply ID '${reply.id}' is used twice`,
        )
      }
      replyIds.add(reply.id)
    }),
  )
  for (const [path, bands] of [
    ['feedback', script.feedback],
    ...script.endings.map((e, i) => [`endings[${i}].feedback`, e.feedback] as const),
  ] as const) {
    if (!bands) continue
    if (!bands.some((b) => b.minScore === 0)) {
      add(path, 'needs a band with "minScore": 0, so that every score gets feedback')
    }
    if (new Set(bands.map((b) => b.minScore)).size !== bands.length) {
      add(path, 'two bands have the same minScore')
    }
  }
  if (problems.length > 0) return problems

  const nodes = new Map(script.nodes.map((n, i) => [n.id, { node: n, index: i }]))
  const endings = new Set(script.endings.map((e) => e.id))
  if (!nodes.has(script.start)) {
    add('start', `start '${script.start}' is not the ID of a node`)
    return problems
  }
  script.nodes.forEach((node, i) =>
    node.replies.forEach((reply, j) => {
      if (!nodes.has(reply.next) && !endings.has(reply.next)) {
        add(
          `nodes[${i}].replies[${j}].next`,
          `node '${node.id}': next '${reply.next}' (reply '${reply.id}') does not exist`,
        )
      }
    }),
  )
  if (problems.length > 0) return problems

  // Depth-first from the start: a reply leading to a node still on the stack closes a loop.
  // `turns` is the longest number of replies from a node to an ending, `best` the most points.
  const turns = new Map<string, number>()
  const best = new Map<string, number>()
  const onStack = new Set<string>()
  const visit = (id: string): void => {
    const entry = nodes.get(id)
    if (!entry || turns.has(id)) return
    onStack.add(id)
    let longest = 0
    let most = 0
    entry.node.replies.forEach((reply, j) => {
      if (onStack.has(reply.next)) {
        add(
          `nodes[${entry.index}].replies[${j}].next`,
          `node '${id}': reply '${reply.id}' leads back to '${reply.next}', a loop; a conversation must always move on`,
        )
        return
      }
      visit(reply.next)
      longest = Math.max(longest, 1 + (turns.get(reply.next) ?? 0))
      most = Math.max(most, reply.points + (best.get(reply.next) ?? 0))
    })
    onStack.delete(id)
    turns.set(id, longest)
    best.set(id, most)
  }
  visit(script.start)
  if (problems.length > 0) return problems

  // Visited nodes are the reachable ones; an ending is reachable when one of them leads to it.
  const reached = new Set<string>()
  for (const id of turns.keys())
    for (const reply of nodes.get(id)!.node.replies) reached.add(reply.next)
  script.nodes.forEach((node, i) => {
    if (!turns.has(node.id))
      add(`nodes[${i}]`, `node '${node.id}' can never be reached from the start`)
  })
  script.endings.forEach((ending, i) => {
    if (!reached.has(ending.id))
      add(`endings[${i}]`, `ending '${ending.id}' can never be reached from the start`)
  })
  const longest = turns.get(script.start) ?? 0
  if (longest > SCRIPT_LIMITS.maxTurns) {
    add(
      'nodes',
      `the longest conversation has ${longest} replies; at most ${SCRIPT_LIMITS.maxTurns}`,
    )
  }
  if ((best.get(script.start) ?? 0) === 0) {
    add('nodes', 'no path through the conversation earns points: give the good replies points')
  }
  return problems
}

function failed(path: string, message: string): ParsedScript {
  return { ok: false, problems: [{ path, message }] }
}

function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('')
}

/** "node 'n3': " when the issue lies inside a node or ending whose ID is readable. */
function subjectOf(value: unknown, path: readonly PropertyKey[]): string {
  const [list, index] = path
  if ((list !== 'nodes' && list !== 'endings') || typeof index !== 'number' || path.length < 3) {
    return ''
  }
  const items = (value as Record<string, unknown>)[list]
  const id = Array.isArray(items) ? (items[index] as { id?: unknown } | undefined)?.id : undefined
  return typeof id === 'string'
    ? `${list === 'nodes' ? 'node' : 'ending'} '${id.slice(0, 40)}': `
    : ''
}

/** The parser's reason, where it is and no echo of the text (V8 quotes a stretch of it). */
function jsonErrorAt(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : ''
  const reason = message.split(/ in JSON|, "/)[0]?.slice(0, 120) || 'syntax error'
  const offset = jsonErrorOffset(text)
  if (offset === undefined) return reason
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  const column = offset - before.lastIndexOf('\n')
  return `${reason} (line ${line}, column ${column})`
}
