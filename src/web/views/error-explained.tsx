/**
 * An error code as an admin page explains it: the code, what failed and how to fix it, from the
 * catalogue that `docs/errors.md` is generated from, with the spec section it enforces.
 */
import { ERROR_CATALOGUE } from '../../core/errors.js'
import type { CatalogueEntry, LtiErrorCode } from '../../core/errors.js'

/** The catalogue entry of a stored code; `undefined` for a code this version does not know. */
export function catalogueEntry(code: string): CatalogueEntry | undefined {
  return Object.hasOwn(ERROR_CATALOGUE, code) ? ERROR_CATALOGUE[code as LtiErrorCode] : undefined
}

export interface ErrorExplainedProps {
  readonly code: string
  /** What the failure itself said (the developer message, or the LMS's answer). */
  readonly detail?: string
  readonly detailLabel?: string
  /** Prefix of the `data-testid`s: `{testid}-code`, `{testid}-hint`. */
  readonly testid: string
}

export function ErrorExplained(props: ErrorExplainedProps) {
  const entry = catalogueEntry(props.code)
  return (
    <div class="error-box stack">
      <p>
        <span class="ref" data-testid={`${props.testid}-code`}>
          {props.code}
        </span>{' '}
        <strong>{entry?.title ?? 'Unknown error code'}</strong>
      </p>
      {props.detail ? (
        <p>
          <span class="muted">{props.detailLabel ?? 'Details'}:</span> {props.detail}
        </p>
      ) : null}
      <p data-testid={`${props.testid}-hint`}>
        <strong>How to fix it:</strong>{' '}
        {entry?.hint ?? 'This code is not in the error catalogue of this version of the tool.'}
      </p>
      {entry?.spec ? (
        <p>
          <a href={entry.spec} rel="noopener noreferrer" target="_blank">
            The specification section this check enforces
          </a>
        </p>
      ) : null}
    </div>
  )
}
