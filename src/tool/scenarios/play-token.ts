/**
 * A play in progress travels in the player's form as one sealed token: whose play it is, of which
 * scenario and script version, the replies chosen so far and a nonce. Nothing of it lives on the
 * server, so a play works in an LMS iframe without cookies and on any instance. The MAC keeps the
 * learner from editing the path or borrowing another learner's play; the server still replays the
 * path against the script at every step (`play.ts`). The nonce is consumed when the play is
 * finished, so the same finished play is recorded once, however often the form is sent.
 */
import { LtiRequestInvalid } from '../../core/errors.js'
import { encodeBase64url } from '../../core/lib/base64url.js'
import { randomString } from '../../core/lib/random.js'
import type { Clock, MacKey } from '../../core/ports.js'
import { openToken, sealToken } from '../../core/security/sealed-token.js'

export interface PlayState {
  readonly workspaceId: string
  readonly scenarioId: string
  readonly memberId: string
  /** `scriptVersionOf` the script the play started on: an edited script starts plays again. */
  readonly scriptVersion: string
  /** The IDs of the replies chosen so far. */
  readonly path: readonly string[]
  /** Names this play in the nonce store once it is finished. */
  readonly nonce: string
  readonly expiresAt: number
}

/** Who a play token must belong to. */
export type PlayOwner = Pick<PlayState, 'workspaceId' | 'scenarioId' | 'memberId'>

const PURPOSE = 'ltikit.scenario-play.v1'

/** A new play of `owner` on the script version given, with a fresh nonce. */
export function newPlayState(
  owner: PlayOwner,
  scriptVersion: string,
  clock: Clock,
  ttlSeconds: number,
): PlayState {
  return {
    ...owner,
    scriptVersion,
    path: [],
    nonce: randomString(16),
    expiresAt: clock.now() + ttlSeconds * 1000,
  }
}

export function sealPlayToken(state: PlayState, key: MacKey): Promise<string> {
  return sealToken(
    PURPOSE,
    {
      ws: state.workspaceId,
      sc: state.scenarioId,
      sub: state.memberId,
      v: state.scriptVersion,
      p: state.path,
      n: state.nonce,
      exp: state.expiresAt,
    },
    key,
  )
}

/**
 * The play sealed in `token`, when it is authentic, unexpired and `owner`'s.
 * @throws LTI_SCENARIO_PLAY_INVALID
 */
export async function openPlayToken(
  token: string,
  owner: PlayOwner,
  key: MacKey,
  clock: Clock,
): Promise<PlayState> {
  const payload = token ? await openToken(PURPOSE, token, key) : undefined
  const { ws, sc, sub, v, p, n, exp } = payload ?? {}
  if (
    ws !== owner.workspaceId ||
    sc !== owner.scenarioId ||
    sub !== owner.memberId ||
    typeof v !== 'string' ||
    typeof n !== 'string' ||
    typeof exp !== 'number' ||
    !Array.isArray(p) ||
    !p.every((id): id is string => typeof id === 'string')
  ) {
    throw new LtiRequestInvalid('LTI_SCENARIO_PLAY_INVALID', 'play token invalid or not yours')
  }
  if (exp <= clock.now()) {
    throw new LtiRequestInvalid('LTI_SCENARIO_PLAY_INVALID', 'play token expired')
  }
  return { ...owner, scriptVersion: v, path: p, nonce: n, expiresAt: exp }
}

/** A short fingerprint of a script's JSON text (SHA-256, base64url, 128 bits). */
export async function scriptVersionOf(scriptText: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(scriptText))
  return encodeBase64url(new Uint8Array(digest).slice(0, 16))
}
