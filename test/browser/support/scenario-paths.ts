/**
 * Paths through an authored scenario script that end with a given score, found by walking every
 * branch with the player's own functions (`advance`, `scoreOf`): the test keeps working when the
 * demo scripts are edited, as long as some path still scores what it asks for.
 */
import { parseScenarioScript } from '../../../src/tool/scenarios/parse-scenario-script.js'
import { advance, scoreOf, startPlay } from '../../../src/tool/scenarios/play.js'
import type { Play } from '../../../src/tool/scenarios/play.js'
import type { ScenarioScript } from '../../../src/tool/scenarios/scenario-script.js'

/** The checked script of an authored scenario. */
export function checkedScript(authored: unknown): ScenarioScript {
  const parsed = parseScenarioScript(authored)
  if (!parsed.ok) throw new Error(`script invalid: ${JSON.stringify(parsed.problems)}`)
  return parsed.script
}

/**
 * The reply IDs, in order, of the first finished play (depth first, replies in script order)
 * whose score is `score`.
 * @throws Error when no play of the script scores `score`
 */
export function pathScoring(script: ScenarioScript, score: number): string[] {
  const walk = (play: Play): string[] | undefined => {
    if (!play.node) return scoreOf(script, play.path) === score ? [...play.path] : undefined
    for (const reply of play.node.replies) {
      const found = walk(advance(script, play.path, reply.id))
      if (found) return found
    }
    return undefined
  }
  const path = walk(startPlay(script))
  if (!path) throw new Error(`no play of the script scores ${score}`)
  return path
}
