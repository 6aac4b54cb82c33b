/**
 * The authored script of a scenario: a branching conversation with one other party (the
 * persona). The learner answers each of the persona's lines by picking one of its replies; every
 * reply carries points and leads to the next line or to an ending. The play's score is its points
 * over the best total any path can earn, so a perfect run scores 100 (see `play.ts`).
 *
 * Scripts are product data authored as JSON; this schema is their shape. `parseScenarioScript`
 * adds the checks a schema cannot express (every `next` exists, no loops, bounded length).
 */
import { z } from 'zod'

/** Bounds that keep a script small enough to store, send and replay on every step. */
export const SCRIPT_LIMITS = {
  /** Of the JSON text an admin uploads or pastes. */
  maxBytes: 256 * 1024,
  /** Lines of the persona (nodes). */
  maxNodes: 200,
  maxEndings: 50,
  maxRepliesPerNode: 6,
  /** Replies on the longest path: a play's path travels in a sealed form field. */
  maxTurns: 30,
  maxTextLength: 2000,
  maxReplyLength: 500,
  maxBands: 10,
  maxPoints: 100,
} as const

/** IDs name nodes, endings and replies; a reply's ID also names its button (`reply-<id>`). */
export const scriptIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'letters, digits, "-" and "_" (1-40, no spaces)')

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max)

export const feedbackBandSchema = z
  .object({
    /** The band applies from this score (0-100) up to the next band's `minScore`. */
    minScore: z.number().int().min(0).max(100),
    title: text(120),
    text: text(SCRIPT_LIMITS.maxTextLength),
  })
  .strict()

const feedbackBandsSchema = z.array(feedbackBandSchema).min(1).max(SCRIPT_LIMITS.maxBands)

export const scriptReplySchema = z
  .object({
    id: scriptIdSchema,
    /** What the learner says. */
    text: text(SCRIPT_LIMITS.maxReplyLength),
    points: z.number().int().min(0).max(SCRIPT_LIMITS.maxPoints),
    /** The ID of the node or ending this reply leads to. */
    next: scriptIdSchema,
    /** Why this reply works or not, shown in the review at the end. */
    coaching: text(SCRIPT_LIMITS.maxTextLength).optional(),
  })
  .strict()

export const scriptNodeSchema = z
  .object({
    id: scriptIdSchema,
    /** Who speaks, when not the persona (a receptionist, a colleague). */
    speaker: text(100).optional(),
    text: text(SCRIPT_LIMITS.maxTextLength),
    replies: z.array(scriptReplySchema).min(1).max(SCRIPT_LIMITS.maxRepliesPerNode),
  })
  .strict()

export const scriptEndingSchema = z
  .object({
    id: scriptIdSchema,
    speaker: text(100).optional(),
    /** The persona's last words. */
    text: text(SCRIPT_LIMITS.maxTextLength),
    /** Feedback of plays that end here, instead of the script's. */
    feedback: feedbackBandsSchema.optional(),
  })
  .strict()

export const scenarioScriptSchema = z
  .object({
    version: z.literal(1),
    persona: z
      .object({
        name: text(100),
        /** Shown under the name ("Operations manager, Northwind Logistics"). */
        role: text(200).optional(),
      })
      .strict(),
    /** The situation and the learner's goal, shown before the play starts. */
    briefing: text(SCRIPT_LIMITS.maxTextLength),
    /** The ID of the first node. */
    start: scriptIdSchema,
    nodes: z.array(scriptNodeSchema).min(1).max(SCRIPT_LIMITS.maxNodes),
    endings: z.array(scriptEndingSchema).min(1).max(SCRIPT_LIMITS.maxEndings),
    /** Feedback by score: the band with the highest `minScore` at or below the score applies. */
    feedback: feedbackBandsSchema,
  })
  .strict()

export type ScenarioScript = z.infer<typeof scenarioScriptSchema>
export type ScriptNode = ScenarioScript['nodes'][number]
export type ScriptReply = ScriptNode['replies'][number]
export type ScriptEnding = ScenarioScript['endings'][number]
export type FeedbackBand = z.infer<typeof feedbackBandSchema>

/** One thing wrong with a script: where (`nodes[2].replies[0].next`) and what, for its author. */
export interface ScriptProblem {
  readonly path: string
  readonly message: string
}
