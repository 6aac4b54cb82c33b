import { describe, expect, it } from 'vitest'
import { parseScenarioScript } from '../parse-scenario-script.js'
import { replay, scoreOf, feedbackOf } from '../play.js'
import type { ScenarioScript } from '../scenario-script.js'
import { summarizeScript } from '../summarize-script.js'
import { COLD_CALL_60, COLD_CALL_80 } from '../../../../test/support/scenario-scripts.js'
import { DEMO_SCRIPTS } from './demo-scripts.js'

function checked(slug: string): ScenarioScript {
  const parsed = parseScenarioScript(DEMO_SCRIPTS[slug])
  if (!parsed.ok) throw new Error(`${slug}: ${JSON.stringify(parsed.problems)}`)
  return parsed.script
}

describe('demo scripts', () => {
  it.each(['cold-call-objections', 'discovery-call', 'difficult-customer'])(
    '%s is valid, 4 to 6 turns long, with coaching on every reply and a perfect run of 100',
    (slug) => {
      const script = checked(slug)
      const summary = summarizeScript(script)
      expect(summary.longestPlay).toBeGreaterThanOrEqual(4)
      expect(summary.longestPlay).toBeLessThanOrEqual(6)
      expect(summary.bestPoints).toBe(100)
      for (const node of script.nodes) {
        for (const reply of node.replies) expect(reply.coaching, reply.id).toBeTruthy()
      }
      // A greedy learner who always picks the reply worth most reaches 100.
      let play = replay(script, [])
      while (play.node) {
        const best = [...play.node.replies].sort((a, b) => b.points - a.points)[0]!
        play = replay(script, [...play.path, best.id])
      }
      expect(scoreOf(script, play.path)).toBe(100)
    },
  )

  it('cold-call-objections scores 80 and 60 on the documented paths, with different feedback', () => {
    const script = checked('cold-call-objections')
    const high = replay(script, COLD_CALL_80)
    const low = replay(script, COLD_CALL_60)
    expect(scoreOf(script, COLD_CALL_80)).toBe(80)
    expect(scoreOf(script, COLD_CALL_60)).toBe(60)
    expect(high.ending?.id).toBe('meeting-booked')
    expect(low.ending?.id).toBe('send-info')
    expect(feedbackOf(script, high.ending!, 80).title).not.toBe(
      feedbackOf(script, low.ending!, 60).title,
    )
  })
})
