import { describe, expect, it } from 'vitest'
import { parseScenarioScript, parseScenarioScriptJson } from './parse-scenario-script.js'
import { SCRIPT_LIMITS } from './scenario-script.js'
import { smallScript } from '../../../test/support/scenario-scripts.js'

type Script = ReturnType<typeof smallScript>

function problemsOf(edit: (script: Script) => void) {
  const script = smallScript()
  edit(script)
  const parsed = parseScenarioScript(script)
  return parsed.ok ? [] : parsed.problems
}

describe('parseScenarioScript', () => {
  it('accepts a valid script', () => {
    const parsed = parseScenarioScript(smallScript())
    expect(parsed.ok).toBe(true)
  })

  it('names the node and field of a shape problem', () => {
    const problems = problemsOf((s) => {
      ;(s.nodes[1] as { text: string }).text = ''
    })
    expect(problems).toEqual([
      { path: 'nodes[1].text', message: expect.stringMatching(/^node 'n2': /) },
    ])
  })

  it('refuses unknown fields, points out of range and bad IDs', () => {
    expect(problemsOf((s) => Object.assign(s, { extra: true }))[0]?.path).toBe('')
    expect(problemsOf((s) => void (s.nodes[0]!.replies[0]!.points = 101))[0]?.path).toBe(
      'nodes[0].replies[0].points',
    )
    expect(problemsOf((s) => void (s.nodes[0]!.replies[0]!.points = 1.5))[0]?.path).toBe(
      'nodes[0].replies[0].points',
    )
    expect(problemsOf((s) => void (s.nodes[0]!.id = 'has space'))[0]?.path).toBe('nodes[0].id')
  })

  it('refuses a next that leads nowhere, naming node, next and reply', () => {
    const problems = problemsOf((s) => void (s.nodes[0]!.replies[0]!.next = 'n9'))
    expect(problems).toEqual([
      {
        path: 'nodes[0].replies[0].next',
        message: "node 'n1': next 'n9' (reply 'a') does not exist",
      },
    ])
  })

  it('refuses a start that is not a node', () => {
    expect(problemsOf((s) => void (s.start = 'end'))[0]?.path).toBe('start')
    expect(problemsOf((s) => void (s.start = 'zz'))[0]?.path).toBe('start')
  })

  it('refuses duplicate IDs across nodes and endings, and duplicate reply IDs', () => {
    expect(problemsOf((s) => void (s.endings[0]!.id = 'n2'))[0]?.path).toBe('endings[0].id')
    expect(problemsOf((s) => void (s.nodes[1]!.replies[0]!.id = 'a'))[0]?.path).toBe(
      'nodes[1].replies[0].id',
    )
  })

  it('refuses a loop', () => {
    const problems = problemsOf((s) => void (s.nodes[1]!.replies[0]!.next = 'n1'))
    expect(problems).toEqual([
      { path: 'nodes[1].replies[0].next', message: expect.stringContaining('loop') },
    ])
  })

  it('refuses nodes and endings that can never be reached', () => {
    const problems = problemsOf((s) => {
      s.nodes.push({
        id: 'orphan',
        text: 'Lost',
        replies: [{ id: 'o', text: 'x', points: 1, next: 'late' }],
      })
      s.endings.push({ id: 'late', text: 'Too late' })
    })
    expect(problems.map((p) => p.path)).toEqual(['nodes[2]', 'endings[1]'])
  })

  it('refuses a script in which no path earns points', () => {
    const problems = problemsOf((s) => {
      for (const node of s.nodes) for (const reply of node.replies) reply.points = 0
    })
    expect(problems).toEqual([{ path: 'nodes', message: expect.stringContaining('points') }])
  })

  it('requires feedback from a score of 0, with distinct bands', () => {
    expect(problemsOf((s) => void (s.feedback[0]!.minScore = 50))[0]?.path).toBe('feedback')
    expect(
      problemsOf((s) => s.feedback.push({ minScore: 0, title: 'Again', text: 'Twice' }))[0]?.path,
    ).toBe('feedback')
    expect(
      problemsOf((s) =>
        Object.assign(s.endings[0]!, { feedback: [{ minScore: 10, title: 'T', text: 'x' }] }),
      )[0]?.path,
    ).toBe('endings[0].feedback')
  })

  it(`refuses a conversation longer than ${SCRIPT_LIMITS.maxTurns} replies`, () => {
    const chain = (length: number) => {
      const script = smallScript()
      script.nodes = Array.from({ length }, (_, i) => ({
        id: `n${i + 1}`,
        text: `Line ${i}`,
        replies: [
          { id: `r${i}`, text: 'Next', points: 1, next: i + 1 < length ? `n${i + 2}` : 'end' },
        ],
      }))
      return parseScenarioScript(script)
    }
    expect(chain(SCRIPT_LIMITS.maxTurns).ok).toBe(true)
    const parsed = chain(SCRIPT_LIMITS.maxTurns + 1)
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.path)).toEqual(['nodes'])
  })

  it(`refuses more than ${SCRIPT_LIMITS.maxNodes} nodes`, () => {
    const problems = problemsOf((s) => {
      s.nodes = Array.from({ length: SCRIPT_LIMITS.maxNodes + 1 }, (_, i) => ({
        id: `n${i + 1}`,
        text: 'x',
        replies: [{ id: `r${i}`, text: 'x', points: 1, next: 'end' }],
      }))
    })
    expect(problems[0]?.path).toBe('nodes')
  })
})

describe('parseScenarioScriptJson', () => {
  it('parses JSON text', () => {
    expect(parseScenarioScriptJson(JSON.stringify(smallScript())).ok).toBe(true)
  })

  it('reports a syntax error with its line and column', () => {
    const parsed = parseScenarioScriptJson('{\n  "version": 1,\n  "persona": }')
    expect(parsed.ok).toBe(false)
    expect(parsed.ok ? undefined : parsed.problems[0]?.message).toMatch(
      /^not valid JSON: .*line 3, column 14/,
    )
  })

  it(`refuses text larger than ${SCRIPT_LIMITS.maxBytes} bytes before parsing it`, () => {
    const parsed = parseScenarioScriptJson(`"${'x'.repeat(SCRIPT_LIMITS.maxBytes)}"`)
    expect(parsed.ok ? undefined : parsed.problems[0]?.message).toMatch(/larger than 256 KiB/)
  })
})
