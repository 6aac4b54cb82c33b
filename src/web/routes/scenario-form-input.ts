/**
 * Reads the scenario form of the admin pages: URL-encoded or multipart (a script file), at most
 * `SCENARIO_BODY_LIMIT` bytes, read before parsing so an oversized body is never buffered whole.
 * Every field is checked; a script, from the file when one was chosen or else from the text
 * area, must pass `parseScenarioScriptJson`.
 */
import type { Context } from 'hono'
import { LtiRequestInvalid } from '../../core/errors.js'
import { parseScenarioScriptJson } from '../../tool/scenarios/parse-scenario-script.js'
import { SCRIPT_LIMITS } from '../../tool/scenarios/scenario-script.js'
import { readBodyText } from '../read-body.js'
import { SCENARIO_BODY_LIMIT } from '../scenario-input.js'
import { slugSchema } from '../schemas.js'
import type { ScenarioFormField, ScenarioFormState } from '../views/tool-scenario-form.js'

export type ScenarioFormInput =
  | {
      readonly ok: true
      readonly scenario: {
        /** Present when the form has a slug field (creating). */
        readonly slug?: string
        readonly title: string
        readonly description?: string
        /** JSON text of a checked script; absent for none. */
        readonly script?: string
      }
      readonly state: ScenarioFormState
    }
  | { readonly ok: false; readonly state: ScenarioFormState }

/** Slugs the admin pages' paths take for themselves (`.../scenarios/new`). */
const RESERVED_SLUGS = new Set(['new'])

export async function readScenarioForm(c: Context): Promise<ScenarioFormInput> {
  const type = c.req.header('content-type') ?? ''
  if (
    !type.startsWith('application/x-www-form-urlencoded') &&
    !type.startsWith('multipart/form-data')
  ) {
    throw new LtiRequestInvalid('LTI_REQUEST_INVALID', 'expected a form post', {
      fields: { '(body)': 'send multipart/form-data or application/x-www-form-urlencoded' },
    })
  }
  const body = await readBodyText(c, SCENARIO_BODY_LIMIT)
  let form: FormData
  try {
    form = await new Response(body, { headers: { 'content-type': type } }).formData()
  } catch {
    throw new LtiRequestInvalid('LTI_REQUEST_INVALID', 'unreadable form body', {
      fields: { '(body)': 'a well-formed form body' },
    })
  }
  const text = (name: string) => {
    const value = form.get(name)
    return typeof value === 'string' ? value.trim() : undefined
  }

  const errors: Partial<Record<ScenarioFormField, string>> = {}
  const title = text('title') ?? ''
  if (!title) errors.title = 'Enter a title.'
  else if (title.length > 200) errors.title = 'At most 200 characters.'
  const slug = text('slug')
  if (slug !== undefined) {
    if (!slugSchema.safeParse(slug).success) {
      errors.slug =
        'Use 1 to 64 lowercase letters, digits and dashes, starting and ending with a letter or digit.'
    } else if (RESERVED_SLUGS.has(slug)) {
      errors.slug = `"${slug}" is reserved; choose another slug.`
    }
  }
  const description = text('description') ?? ''
  if (description.length > 4000) errors.description = 'At most 4,000 characters.'

  const file = form.get('scriptFile')
  const uploaded = typeof file === 'object' && file !== null && file.size > 0 ? file : undefined
  let script = text('script') ?? ''
  if (uploaded && uploaded.size > SCRIPT_LIMITS.maxBytes) {
    errors.script = `The file is larger than ${SCRIPT_LIMITS.maxBytes / 1024} KiB.`
  } else if (uploaded) {
    script = (await uploaded.text()).trim()
  }
  let scriptProblems: ScenarioFormState['scriptProblems']
  if (script && !errors.script) {
    const parsed = parseScenarioScriptJson(script)
    if (!parsed.ok) {
      scriptProblems = parsed.problems
      const [first] = parsed.problems
      errors.script =
        parsed.problems.length > 1
          ? `${first?.message} (and ${parsed.problems.length - 1} more problems, listed below)`
          : (first?.message ?? 'invalid script')
    }
  }

  const values = { title, description, script, ...(slug === undefined ? {} : { slug }) }
  const state: ScenarioFormState = {
    values,
    errors,
    ...(scriptProblems ? { scriptProblems } : {}),
  }
  if (Object.keys(errors).length > 0) return { ok: false, state }
  return {
    ok: true,
    scenario: {
      title,
      ...(slug === undefined ? {} : { slug }),
      ...(description ? { description } : {}),
      ...(script ? { script } : {}),
    },
    state,
  }
}
