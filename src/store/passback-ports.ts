import type { PassbackPorts } from '../tool/ports.js'
import type { Stores } from './create-stores.js'

/**
 * The reads a passback run needs, over the tool's repositories: the ledger, and the attempt,
 * registration and scenario of a job.
 */
export function passbackPorts(
  stores: Pick<Stores, 'passback' | 'attempts' | 'registrations' | 'scenarios'>,
): PassbackPorts {
  return {
    ledger: stores.passback,
    findAttemptById: (id) => stores.attempts.findById(id),
    findRegistration: (workspaceId, id) => stores.registrations.findById(workspaceId, id),
    findScenario: (workspaceId, ref) => stores.scenarios.find(workspaceId, ref),
  }
}
