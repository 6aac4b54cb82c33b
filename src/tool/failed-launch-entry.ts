import { LtiError } from '../core/errors.js'
import type { Clock } from '../core/ports.js'
import type { LaunchLogEntry } from './ports.js'

/**
 * The launch log facts every refused launch has, LTI 1.3 or 1.1 alike: when, which request
 * (its correlation ID, the one the learner's error page shows), and the error's stable code and
 * developer message. Anything but an `LtiError` is `LTI_INTERNAL`, its message never logged here.
 */
export function failedLaunchEntry(
  error: unknown,
  deps: { readonly correlationId: string; readonly workspaceId?: string; readonly clock: Clock },
): LaunchLogEntry {
  const known = error instanceof LtiError
  return {
    correlationId: deps.correlationId,
    ...(deps.workspaceId === undefined ? {} : { workspaceId: deps.workspaceId }),
    at: deps.clock.now(),
    outcome: 'failure',
    errorCode: known ? error.code : 'LTI_INTERNAL',
    message: known ? error.message : 'unexpected error',
  }
}
