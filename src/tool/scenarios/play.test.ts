import { describe, expect, it } from 'vitest'
import { fiveTurnScript, smallScript } from '../../../test/support/scenario-scripts.js'
import { parseScenarioScript } from './parse-scenario-script.js'
import {
  advance,
  bestPointsOf,
  bestReplyPoints,
  feedbackOf,
  replay,
  scoreOf,
  startPlay,
} from './play.js'
import type { ScenarioScript } from './scenario-script.js'
import { summarizeScript } from './summarize-script.js'

function checked(value: unknown): ScenarioScript {
  const parsed = parseScenarioScript(value)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems))
  return parsed.script
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run()
    return undefined
  } catch (error) {
    return (error as { code?: string }).code
  }
}

const script = checked(fiveTurnScript())
const path = (...choices: string[]) => choices.map((choice, i) => `t${i + 1}-${choice}`)

describe('playing a script', () => {
  it('starts at the first line with nothing said', () => {
    const play = startPlay(script)
    expect(play).toMatchObject({ path: [], turns: [], points: 0, node: { id: 't1' } })
    expect(play.ending).toBeUndefined()
  })

  it('advances along the chosen replies, keeping the transcript', () => {
    const play = advance(script, ['t1-best'], 't2-ok')
    expect(play.path).toEqual(['t1-best', 't2-ok'])
    expect(play.turns.map((t) => [t.node.id, t.reply.id])).toEqual([
      ['t1', 't1-best'],
      ['t2', 't2-ok'],
    ])
    expect(play.node?.id).toBe('t3')
    expect(play.points).toBe(30)
  })

  it('ends at an ending', () => {
    const play = replay(script, path('best', 'best', 'best', 'best', 'poor'))
    expect(play.node).toBeUndefined()
    expect(play.ending?.id).toBe('agreed')
  })

  it('scores a perfect run 100, and other runs against it', () => {
    expect(bestPointsOf(script)).toBe(100)
    expect(scoreOf(script, path('best', 'best', 'best', 'best', 'best'))).toBe(100)
    expect(scoreOf(script, path('best', 'best', 'poor', 'best', 'best'))).toBe(80)
    expect(scoreOf(script, path('best', 'best', 'poor', 'ok', 'ok'))).toBe(60)
    expect(scoreOf(script, path('poor', 'poor', 'poor', 'poor', 'poor'))).toBe(0)
    expect(scoreOf(script, ['t1-best', 't2-quit'])).toBe(20)
  })

  it('normalises against the best path, not the sum of every reply', () => {
    // Best: a (10) then c (10). Ending at once with b scores 0; a and c score 100.
    const small = checked(smallScript())
    expect(bestPointsOf(small)).toBe(20)
    expect(scoreOf(small, ['a', 'c'])).toBe(100)
    expect(scoreOf(small, ['b'])).toBe(0)
  })

  it('rounds to whole numbers and is deterministic', () => {
    const odd = smallScript()
    odd.nodes[1]!.replies.push({ id: 'd', text: 'Meh', points: 3, next: 'end' })
    const oddScript = checked(odd)
    // (10 + 3) / 20 = 65 %; a third is rounded.
    expect(scoreOf(oddScript, ['a', 'd'])).toBe(65)
    expect(scoreOf(oddScript, ['a', 'd'])).toBe(scoreOf(oddScript, ['a', 'd']))
  })

  it('refuses a reply not offered at the step reached, or after the end', () => {
    expect(codeOf(() => advance(script, [], 't2-best'))).toBe('LTI_SCENARIO_PLAY_INVALID')
    expect(codeOf(() => replay(script, ['t1-best', 't1-best']))).toBe('LTI_SCENARIO_PLAY_INVALID')
    expect(codeOf(() => replay(script, ['nope']))).toBe('LTI_SCENARIO_PLAY_INVALID')
    expect(
      codeOf(() => advance(script, path('best', 'best', 'best', 'best', 'best'), 't1-best')),
    ).toBe('LTI_SCENARIO_PLAY_INVALID')
  })

  it('refuses to score a play that has not ended', () => {
    expect(codeOf(() => scoreOf(script, ['t1-best']))).toBe('LTI_SCENARIO_PLAY_INVALID')
  })

  it("picks the feedback band of the score, the ending's own bands first", () => {
    const agreed = script.endings.find((e) => e.id === 'agreed')!
    const walkedOut = script.endings.find((e) => e.id === 'walked-out')!
    expect(feedbackOf(script, agreed, 100).title).toBe('Excellent')
    expect(feedbackOf(script, agreed, 90).title).toBe('Excellent')
    expect(feedbackOf(script, agreed, 89).title).toBe('Good')
    expect(feedbackOf(script, agreed, 60).title).toBe('Practise')
    expect(feedbackOf(script, walkedOut, 20).title).toBe('Ended early')
  })

  it('knows the best single reply of a line', () => {
    expect(bestReplyPoints(script.nodes[1]!)).toBe(20)
  })

  it('summarises a script', () => {
    expect(summarizeScript(script)).toEqual({
      persona: 'Jordan Lee, Procurement lead',
      nodes: 5,
      endings: 2,
      replies: 16,
      shortestPlay: 2,
      longestPlay: 5,
      bestPoints: 100,
    })
  })
})
