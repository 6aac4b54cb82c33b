/** Small scenario scripts for tests: valid unless a test breaks them on purpose. */

/** Two turns; the best path earns 10 + 10, the `b` reply ends the play at once with 0. */
export function smallScript() {
  return {
    version: 1,
    persona: { name: 'Alex', role: 'Buyer' },
    briefing: 'Sell something.',
    start: 'n1',
    nodes: [
      {
        id: 'n1',
        text: 'Hello?',
        replies: [
          { id: 'a', text: 'Good', points: 10, next: 'n2' },
          { id: 'b', text: 'Bad', points: 0, next: 'end' },
        ],
      },
      { id: 'n2', text: 'Go on.', replies: [{ id: 'c', text: 'Done', points: 10, next: 'end' }] },
    ],
    endings: [{ id: 'end', text: 'Bye.' }],
    feedback: [{ minScore: 0, title: 'Done', text: 'Thanks.' }],
  }
}

/**
 * Five turns `t1`..`t5`, each with replies `tN-best` (20 points), `tN-ok` (10) and `tN-poor` (0);
 * `t2-quit` (0) ends the play early at `walked-out`, which has feedback of its own. A perfect run
 * earns 100 points.
 */
export function fiveTurnScript() {
  const turns = [1, 2, 3, 4, 5]
  return {
    version: 1,
    persona: { name: 'Jordan Lee', role: 'Procurement lead' },
    briefing: 'Agree a renewal.',
    start: 't1',
    nodes: turns.map((n) => ({
      id: `t${n}`,
      text: `Line ${n}`,
      replies: [
        { id: `t${n}-best`, text: `Best ${n}`, points: 20, next: n < 5 ? `t${n + 1}` : 'agreed' },
        { id: `t${n}-ok`, text: `OK ${n}`, points: 10, next: n < 5 ? `t${n + 1}` : 'agreed' },
        { id: `t${n}-poor`, text: `Poor ${n}`, points: 0, next: n < 5 ? `t${n + 1}` : 'agreed' },
        ...(n === 2 ? [{ id: 't2-quit', text: 'Quit', points: 0, next: 'walked-out' }] : []),
      ],
    })),
    endings: [
      { id: 'agreed', text: 'Deal.' },
      {
        id: 'walked-out',
        text: 'Goodbye.',
        feedback: [{ minScore: 0, title: 'Ended early', text: 'They walked out.' }],
      },
    ],
    feedback: [
      { minScore: 90, title: 'Excellent', text: 'A perfect renewal.' },
      { minScore: 70, title: 'Good', text: 'Nearly there.' },
      { minScore: 0, title: 'Practise', text: 'Try again.' },
    ],
  }
}

/**
 * Paths through the demo's first scenario (`cold-call-objections`): the reply IDs a learner picks,
 * in order, for a score of exactly 80 and of exactly 60. Each reply's button carries
 * `data-testid="reply-<id>"`.
 */
export const COLD_CALL_80 = ['c1-permission', 'c2-curious', 'c3-pitch', 'c4-reframe', 'c5-close']
export const COLD_CALL_60 = [
  'c1-permission',
  'c2-curious',
  'c3-pitch',
  'c4-discount',
  'c5-send-info',
]
