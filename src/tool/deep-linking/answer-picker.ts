/**
 * Turns the instructor's choice in the scenario picker into the signed LtiDeepLinkingResponse
 * that goes back to the platform: one `ltiResourceLink` per scenario, or none on cancel.
 * @see https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message
 */
import type { SubmissionReview } from '../../core/ags/types.js'
import { buildDeepLinkingResponse } from '../../core/deep-linking/build-deep-linking-response.js'
import type {
  ContentItemLineItem,
  LtiResourceLinkItem,
} from '../../core/deep-linking/content-item.js'
import type { DeepLinkingSettings } from '../../core/deep-linking/read-deep-linking-settings.js'
import { LtiNotFound, LtiRequestInvalid, LtiTokenInvalid } from '../../core/errors.js'
import type { Clock, MacKey, NonceStore } from '../../core/ports.js'
import type { SigningKey } from '../../core/security/key-set.js'
import { SCENARIO_PARAMETER } from '../launch.js'
import type { Scenario } from '../ports.js'
import { submissionReviewOf } from '../submission-review/submission-review-property.js'
import { openPickerToken } from './picker-token.js'

export type PickerChoice =
  | { readonly action: 'cancel' }
  | {
      readonly action: 'select'
      /** Scenario IDs, in the order chosen. */
      readonly scenarioIds: readonly string[]
      /** Asks for a gradebook column; honoured only when the request has `accept_lineitem`. */
      readonly lineItem?: { readonly scoreMaximum: number }
    }

export interface AnswerPickerDeps {
  readonly workspaceId: string
  /** The key picker tokens were sealed with. */
  readonly pickerKey: MacKey
  readonly clock: Clock
  /** Makes each picker token single-use, across instances. */
  readonly nonces: NonceStore
  findScenario(id: string): Promise<Scenario | undefined>
  /** The workspace's active key: it signs the response. */
  signingKey(): Promise<SigningKey>
  /** The tool's launch URL: every item launches there, naming its scenario. */
  readonly launchUrl: string
}

export interface PickerAnswer {
  /** The platform's `deep_link_return_url`: the browser posts `JWT` there. */
  readonly returnUrl: string
  readonly jwt: string
  readonly items: readonly LtiResourceLinkItem[]
}

/** Scores above this are not a sensible gradebook column. */
const MAX_SCORE = 10_000
export const DEFAULT_SCORE_MAXIMUM = 100

/**
 * Answers the picker once: checks the token and the choice, spends the token, signs.
 * @throws LTI_DEEP_LINKING_SELECTION_INVALID (token altered, expired or already used),
 *   LTI_REQUEST_INVALID (no scenario, several without `accept_multiple`, a bad score maximum),
 *   LTI_SCENARIO_UNKNOWN, LTI_KEY_UNAVAILABLE
 */
export async function answerPicker(
  token: string,
  choice: PickerChoice,
  deps: AnswerPickerDeps,
): Promise<PickerAnswer> {
  const session = await openPickerToken(token, deps.workspaceId, deps.pickerKey, deps.clock)
  const { settings } = session
  const items = choice.action === 'select' ? await itemsOf(choice, settings, deps) : []
  // Spent only once the choice is valid, so a refused form can be corrected and sent again.
  if (!(await deps.nonces.consumeNonce(`dl-picker:${session.jti}`, session.expiresAt))) {
    throw new LtiTokenInvalid('LTI_DEEP_LINKING_SELECTION_INVALID', 'picker already answered')
  }
  const jwt = await buildDeepLinkingResponse(
    {
      issuer: session.clientId,
      audience: session.issuer,
      deploymentId: session.deploymentId,
      settings,
      contentItems: items,
      ...(choice.action === 'cancel'
        ? { msg: 'No scenario was added.', log: 'the instructor cancelled the picker' }
        : { msg: `${items.length} scenario${items.length === 1 ? '' : 's'} added.` }),
    },
    { signingKey: await deps.signingKey(), clock: deps.clock },
  )
  return { returnUrl: settings.deepLinkReturnUrl, jwt, items }
}

async function itemsOf(
  choice: Extract<PickerChoice, { action: 'select' }>,
  settings: DeepLinkingSettings,
  deps: AnswerPickerDeps,
): Promise<LtiResourceLinkItem[]> {
  const ids = [...new Set(choice.scenarioIds)]
  if (ids.length === 0) {
    throw new LtiRequestInvalid('LTI_REQUEST_INVALID', 'no scenario chosen', {
      fields: { scenario: 'choose a scenario' },
    })
  }
  // DL 2.0 §4.4.1 accept_multiple: without it the platform takes one item.
  if (ids.length > 1 && settings.acceptMultiple !== true) {
    throw new LtiRequestInvalid('LTI_REQUEST_INVALID', 'several scenarios chosen', {
      fields: { scenario: 'this placement takes one scenario' },
    })
  }
  const lineItem = choice.lineItem && settings.acceptLineItem === true ? choice.lineItem : undefined
  if (lineItem) checkScore(lineItem.scoreMaximum)
  const scenarios = await Promise.all(ids.map((id) => deps.findScenario(id)))
  return scenarios.map((scenario, i) => {
    if (!scenario || scenario.workspaceId !== deps.workspaceId) {
      throw new LtiNotFound('LTI_SCENARIO_UNKNOWN', 'no scenario with this ID', {
        cause: { actual: String(ids[i]).slice(0, 100) },
      })
    }
    return scenarioItem(scenario, settings, deps.launchUrl, lineItem?.scoreMaximum)
  })
}

/** One scenario as an LTI resource link, presented as the platform accepts. */
function scenarioItem(
  scenario: Scenario,
  settings: DeepLinkingSettings,
  launchUrl: string,
  scoreMaximum: number | undefined,
): LtiResourceLinkItem {
  const targets = settings.acceptPresentationDocumentTargets
  const item: LtiResourceLinkItem = {
    type: 'ltiResourceLink',
    url: launchUrl,
    title: scenario.title,
    ...(scenario.description ? { text: scenario.description } : {}),
    custom: { [SCENARIO_PARAMETER]: scenario.id },
    // DL 2.0 §3: an iframe where the platform takes one, else a window of its own.
    ...(targets.includes('iframe')
      ? { iframe: { height: 800 } }
      : targets.includes('window')
        ? { window: { targetName: `ltikit-${scenario.id}` } }
        : {}),
  }
  if (scoreMaximum !== undefined) {
    // Submission Review 1.0: the column may launch back to the learner's attempt.
    const lineItem: ContentItemLineItem & { submissionReview: SubmissionReview } = {
      scoreMaximum,
      label: scenario.title,
      resourceId: scenario.id,
      submissionReview: submissionReviewOf({ launchUrl, scenarioId: scenario.id }),
    }
    item.lineItem = lineItem
  }
  return item
}

function checkScore(score: number): void {
  if (!Number.isFinite(score) || score <= 0 || score > MAX_SCORE) {
    throw new LtiRequestInvalid('LTI_REQUEST_INVALID', 'score maximum out of range', {
      fields: { scoreMaximum: `a number above 0, at most ${MAX_SCORE}` },
    })
  }
}
