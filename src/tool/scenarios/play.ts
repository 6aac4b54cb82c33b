/**
 * Playing a script: pure functions over a checked script (`parseScenarioScript`) and a path, the
 * IDs of the replies chosen so far. The server keeps no play state: the path comes back with
 * every step and is replayed from the start, so a reply that was not offered where the path
 * stands, or points the client made up, can never count.
 */
import { LtiRequestInvalid } from '../../core/errors.js'
import type {
  FeedbackBand,
  ScenarioScript,
  ScriptEnding,
  ScriptNode,
  ScriptReply,
} from './scenario-script.js'

/** One exchange: the persona's line and the reply the learner picked. */
export interface PlayTurn {
  readonly node: ScriptNode
  readonly reply: ScriptReply
}

export interface Play {
  /** The IDs of the replies chosen, in order. */
  readonly path: readonly string[]
  readonly turns: readonly PlayTurn[]
  /** The line awaiting a reply; absent once the play ended. */
  readonly node?: ScriptNode
  /** Where the play ended. */
  readonly ending?: ScriptEnding
  /** Points earned so far. */
  readonly points: number
}

interface Index {
  readonly nodes: ReadonlyMap<string, ScriptNode>
  readonly endings: ReadonlyMap<string, ScriptEnding>
  /** The most points a play can earn from the start. */
  readonly bestPoints: number
}

const indexes = new WeakMap<ScenarioScript, Index>()

function indexOf(script: ScenarioScript): Index {
  const cached = indexes.get(script)
  if (cached) return cached
  const nodes = new Map(script.nodes.map((n) => [n.id, n]))
  const endings = new Map(script.endings.map((e) => [e.id, e]))
  // The script is checked to be loop-free, so this memoised recursion ends.
  const best = new Map<string, number>()
  const bestFrom = (id: string): number => {
    const node = nodes.get(id)
    if (!node) return 0
    let most = best.get(id)
    if (most === undefined) {
      most = Math.max(...node.replies.map((r) => r.points + bestFrom(r.next)))
      best.set(id, most)
    }
    return most
  }
  const index = { nodes, endings, bestPoints: bestFrom(script.start) }
  indexes.set(script, index)
  return index
}

/** The most points any play of `script` can earn: the total of a perfect run. */
export function bestPointsOf(script: ScenarioScript): number {
  return indexOf(script).bestPoints
}

/** A new play, at the script's first line. */
export function startPlay(script: ScenarioScript): Play {
  return replay(script, [])
}

/**
 * Replays `path` from the start.
 * @throws LTI_SCENARIO_PLAY_INVALID when a reply was not offered at the line the path had reached
 *   (or the play had ended)
 */
export function replay(script: ScenarioScript, path: readonly string[]): Play {
  const { nodes, endings } = indexOf(script)
  let node: ScriptNode | undefined = nodes.get(script.start)
  let ending: ScriptEnding | undefined
  let points = 0
  const turns: PlayTurn[] = []
  for (const replyId of path) {
    const reply = node?.replies.find((r) => r.id === replyId)
    if (!node || !reply) {
      throw new LtiRequestInvalid('LTI_SCENARIO_PLAY_INVALID', 'reply not offered at this step', {
        cause: { step: turns.length, reply: String(replyId).slice(0, 40) },
      })
    }
    turns.push({ node, reply })
    points += reply.points
    node = nodes.get(reply.next)
    ending = node ? undefined : endings.get(reply.next)
  }
  return {
    path: [...path],
    turns,
    ...(node ? { node } : {}),
    ...(ending ? { ending } : {}),
    points,
  }
}

/**
 * The play after choosing `replyId` at the line `path` reached.
 * @throws LTI_SCENARIO_PLAY_INVALID as `replay` does
 */
export function advance(script: ScenarioScript, path: readonly string[], replyId: string): Play {
  return replay(script, [...path, replyId])
}

/**
 * The score of a finished play, 0 to 100: its points over the best total any path earns, rounded
 * to a whole number, so a perfect run scores 100.
 * @throws LTI_SCENARIO_PLAY_INVALID when the path is invalid or the play has not ended
 */
export function scoreOf(script: ScenarioScript, path: readonly string[]): number {
  const play = replay(script, path)
  if (!play.ending) {
    throw new LtiRequestInvalid('LTI_SCENARIO_PLAY_INVALID', 'the play has not ended', {
      cause: { step: play.turns.length },
    })
  }
  return scoreOfPoints(script, play.points)
}

function scoreOfPoints(script: ScenarioScript, points: number): number {
  const best = indexOf(script).bestPoints
  return best > 0 ? Math.min(100, Math.max(0, Math.round((points / best) * 100))) : 0
}

/** The feedback band for `score` where the play ended: the ending's own bands, else the script's. */
export function feedbackOf(
  script: ScenarioScript,
  ending: ScriptEnding,
  score: number,
): FeedbackBand {
  const bands = [...(ending.feedback ?? script.feedback)].sort((a, b) => b.minScore - a.minScore)
  // A checked script has a band from 0, so one always matches.
  return bands.find((band) => band.minScore <= score) ?? (bands.at(-1) as FeedbackBand)
}

/** The most points the line offered with a single reply: a turn's reply is "the best" at that. */
export function bestReplyPoints(node: ScriptNode): number {
  return Math.max(...node.replies.map((r) => r.points))
}
