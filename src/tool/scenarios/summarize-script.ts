import { bestPointsOf } from './play.js'
import type { ScenarioScript } from './scenario-script.js'

/** What the admin's scenario page says about a script at a glance. */
export interface ScriptSummary {
  readonly persona: string
  readonly nodes: number
  readonly endings: number
  readonly replies: number
  /** Replies on the shortest and on the longest path from the start to an ending. */
  readonly shortestPlay: number
  readonly longestPlay: number
  /** Points of a perfect run (a score of 100). */
  readonly bestPoints: number
}

/** @param script - a checked script (`parseScenarioScript`): loop-free, every `next` exists. */
export function summarizeScript(script: ScenarioScript): ScriptSummary {
  const nodes = new Map(script.nodes.map((n) => [n.id, n]))
  const lengths = new Map<string, { shortest: number; longest: number }>()
  const lengthsFrom = (id: string): { shortest: number; longest: number } => {
    const node = nodes.get(id)
    if (!node) return { shortest: 0, longest: 0 }
    let known = lengths.get(id)
    if (!known) {
      const next = node.replies.map((r) => lengthsFrom(r.next))
      known = {
        shortest: 1 + Math.min(...next.map((l) => l.shortest)),
        longest: 1 + Math.max(...next.map((l) => l.longest)),
      }
      lengths.set(id, known)
    }
    return known
  }
  const { shortest, longest } = lengthsFrom(script.start)
  return {
    persona: script.persona.role
      ? `${script.persona.name}, ${script.persona.role}`
      : script.persona.name,
    nodes: script.nodes.length,
    endings: script.endings.length,
    replies: script.nodes.reduce((sum, n) => sum + n.replies.length, 0),
    shortestPlay: shortest,
    longestPlay: longest,
    bestPoints: bestPointsOf(script),
  }
}
