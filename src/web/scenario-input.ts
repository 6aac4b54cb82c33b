/**
 * Scenario input as the admin API and the admin pages take it: a script comes as JSON text (a
 * text area, an uploaded file, a string field) or as a JSON object, and is checked with
 * `parseScenarioScript` before anything is stored. Its problems come back per field
 * (`script.nodes[2].replies[0].next`), in the words an author needs.
 */
import { z } from 'zod'
import { LtiRequestInvalid } from '../core/errors.js'
import { parseScenarioScriptJson } from '../tool/scenarios/parse-scenario-script.js'
import { SCRIPT_LIMITS } from '../tool/scenarios/scenario-script.js'
import type { ScriptProblem } from '../tool/scenarios/scenario-script.js'
import { scenarioInput } from './schemas.js'

/**
 * Bodies that carry a script: the script's own bound plus room for form or JSON-string encoding
 * (a quote is three bytes in a URL-encoded form).
 */
export const SCENARIO_BODY_LIMIT = 4 * SCRIPT_LIMITS.maxBytes

const scriptField = z.union([
  z.string().max(SCRIPT_LIMITS.maxBytes),
  z.record(z.string(), z.unknown()),
])

export const scenarioCreateInput = scenarioInput.extend({ script: scriptField.optional() })

/** PUT: an absent field stays as it is; `null` removes the description or the script. */
export const scenarioUpdateInput = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(4000).nullable().optional(),
    script: scriptField.nullable().optional(),
  })
  .strict()

/**
 * The JSON text to store for a script given as text or as an object.
 * @throws LTI_SCENARIO_SCRIPT_INVALID with a field per problem
 */
export function checkedScriptText(script: string | Record<string, unknown>): string {
  const text = typeof script === 'string' ? script.trim() : JSON.stringify(script, null, 2)
  const parsed = parseScenarioScriptJson(text)
  if (!parsed.ok) throw scriptInvalid(parsed.problems)
  return text
}

export function scriptInvalid(problems: readonly ScriptProblem[]): LtiRequestInvalid {
  const fields: Record<string, string> = {}
  for (const { path, message } of problems) {
    fields[path ? `script.${path}` : 'script'] ??= message
  }
  return new LtiRequestInvalid('LTI_SCENARIO_SCRIPT_INVALID', 'invalid scenario script', {
    fields,
    cause: { problems: problems.length },
  })
}
