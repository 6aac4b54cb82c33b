/**
 * The player: the conversation so far and the replies to choose from, then the score, feedback
 * and a review of every turn. Each reply is a submit button of one form, so playing needs no
 * script; the form carries the sealed play, and its action the learner session.
 */
import type { Play } from '../../tool/scenarios/play.js'
import { bestReplyPoints } from '../../tool/scenarios/play.js'
import type { FeedbackBand, ScenarioScript } from '../../tool/scenarios/scenario-script.js'
import { PlayerLayout } from './player-layout.js'
import { Persona } from './scenario-page.js'

interface PlayPageBase {
  readonly title: string
  readonly script: ScenarioScript
  readonly play: Play
}

export function PlayStepPage(props: PlayPageBase & { replyAction: string; playToken: string }) {
  const { play } = props
  const node = play.node
  return (
    <PlayerLayout title={props.title}>
      <div class="card">
        <h1>{props.title}</h1>
        <Persona script={props.script} />
        <Transcript {...props} />
      </div>
      {node ? (
        <form method="post" action={`${props.replyAction}#replies`} class="card" id="replies">
          <input type="hidden" name="play" value={props.playToken} />
          <fieldset>
            <legend>Your reply ({play.turns.length + 1})</legend>
            <div class="replies">
              {node.replies.map((reply) => (
                <button
                  type="submit"
                  name="reply"
                  value={reply.id}
                  class="reply"
                  data-testid={`reply-${reply.id}`}
                >
                  {reply.text}
                </button>
              ))}
            </div>
          </fieldset>
        </form>
      ) : null}
    </PlayerLayout>
  )
}

/** The persona's lines and the learner's replies, oldest first; the last line is "now". */
function Transcript(props: PlayPageBase) {
  const { script, play } = props
  const speakerOf = (line: { speaker?: string | undefined }) => line.speaker ?? script.persona.name
  const last = play.node ?? play.ending
  return (
    <ol class="transcript" data-testid="transcript" aria-label="Conversation">
      {play.turns.flatMap((turn) => [
        <li class="line">
          <span class="who">{speakerOf(turn.node)}</span>
          {turn.node.text}
        </li>,
        <li class="line mine" data-testid="my-reply">
          <span class="who">You</span>
          {turn.reply.text}
        </li>,
      ])}
      {last ? (
        <li class="line now" data-testid="current-line">
          <span class="who">{speakerOf(last)}</span>
          {last.text}
        </li>
      ) : null}
    </ol>
  )
}

/** How the result of a finished play was handled, in the learner's words. */
export type PlayOutcome =
  | { readonly kind: 'sent' }
  | { readonly kind: 'not-sent' }
  | { readonly kind: 'practice' }
  | { readonly kind: 'already-recorded' }

const OUTCOME_TEXT: Record<PlayOutcome['kind'], string> = {
  sent: 'Your score is saved and on its way to your course gradebook, which keeps your best score.',
  'not-sent':
    'Your score was saved, but this activity does not send scores to your course gradebook.',
  practice:
    'Practice run: no grade is sent for this play. Open the activity from your course to be graded.',
  'already-recorded':
    'This play was already finished and its score recorded, so it was not recorded again.',
}

export interface PlayEndPageProps extends PlayPageBase {
  readonly score: number
  readonly feedback: FeedbackBand
  readonly outcome: PlayOutcome
  /** The best score of the learner's attempt, results of earlier plays included. */
  readonly bestScore?: number
  /** Where "Play again" posts. */
  readonly startAction: string
}

/**
 * The end: the result first (inside an LMS iframe only its top may show), then every turn with
 * its points and coaching.
 */
export function PlayEndPage(props: PlayEndPageProps) {
  const { script, play } = props
  return (
    <PlayerLayout title={`${props.title}: your score`}>
      <div class="card result" data-testid="result">
        <h1>{props.title}</h1>
        {play.ending ? (
          <ol class="transcript" aria-label="How the conversation ended">
            <li class="line now" data-testid="current-line">
              <span class="who">{play.ending.speaker ?? script.persona.name}</span>
              {play.ending.text}
            </li>
          </ol>
        ) : null}
        <h2>Your score</h2>
        <p class="score">
          <strong data-testid="final-score">{props.score}</strong>
          <span class="muted">/ 100</span>
        </p>
        <h2 data-testid="feedback-title">{props.feedback.title}</h2>
        <p data-testid="feedback">{props.feedback.text}</p>
        <p
          class={props.outcome.kind === 'sent' ? 'status' : 'status info'}
          role="status"
          data-testid="passback-status"
          data-state={props.outcome.kind}
        >
          {OUTCOME_TEXT[props.outcome.kind]}
        </p>
        {props.bestScore === undefined ? null : (
          <p data-testid="best-score">
            Your best score in this activity: {props.bestScore}. Your course keeps your best score.
          </p>
        )}
        <form method="post" action={props.startAction}>
          <button type="submit" class="button" data-testid="play-again">
            Play again
          </button>
        </form>
      </div>
      <Review {...props} />
    </PlayerLayout>
  )
}

/** Each turn: the line, the reply, its points out of the most that line offered, the coaching. */
function Review(props: PlayPageBase) {
  const { script } = props
  return (
    <div class="card">
      <h2>Review</h2>
      <ol class="review" data-testid="review">
        {props.play.turns.map((turn) => (
          <li>
            <div class="muted small">
              {turn.node.speaker ?? script.persona.name}: {turn.node.text}
            </div>
            <div data-testid="my-reply">
              <strong>You:</strong> {turn.reply.text}
            </div>
            <div class="points">
              {turn.reply.points} of {bestReplyPoints(turn.node)} points
            </div>
            {turn.reply.coaching ? <div class="muted">{turn.reply.coaching}</div> : null}
          </li>
        ))}
      </ol>
    </div>
  )
}

/** A play of a script that has changed since it started: its path means nothing now. */
export function PlayRestartPage(props: { title: string; startAction: string }) {
  return (
    <PlayerLayout title={props.title}>
      <div class="card" data-testid="play-restart">
        <h1>{props.title}</h1>
        <h2>This scenario has been updated</h2>
        <p>
          The conversation changed while you were playing it, so your replies so far no longer fit.
          Nothing was recorded. Start again to play the new version.
        </p>
        <form method="post" action={props.startAction}>
          <button type="submit" class="button" data-testid="start">
            Start again
          </button>
        </form>
      </div>
    </PlayerLayout>
  )
}
