/**
 * Reading the platform's HTML forms into the admin API's input schemas, so a form and the API
 * accept exactly the same values, and turning the schema's complaints into one message per
 * field, to show beside the field.
 */
import type { z } from 'zod'

/** Field name → what is wrong with it, in words for the person who filled the form. */
export type FieldErrors = Readonly<Record<string, string>>

/** Custom parameters are at most 50 lines (the schema's own bound); longer text is refused. */
const MAX_CUSTOM_TEXT = 8_000

/**
 * `key=value` lines (Core 1.3 §5.4.6 custom parameters) into a record. Blank lines and lines
 * starting with `#` are skipped; keys and values are trimmed. The schema then checks the keys,
 * value lengths and count.
 * @returns the record, or the first problem with its line number.
 */
export function parseKeyValueLines(
  text: string,
): { readonly value: Record<string, string> } | { readonly error: string } {
  if (text.length > MAX_CUSTOM_TEXT) return { error: `at most ${MAX_CUSTOM_TEXT} characters` }
  const value: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const at = line.indexOf('=')
    const key = at < 0 ? '' : line.slice(0, at).trim()
    if (!key) return { error: `line ${index + 1}: write it as key=value` }
    if (Object.hasOwn(value, key)) return { error: `line ${index + 1}: "${key}" appears twice` }
    value[key] = line.slice(at + 1).trim()
  }
  return { value }
}

/** The lines of a textarea, trimmed, blank ones left out. */
export function nonBlankLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
}

/**
 * Checks `value` against an API schema. Each problem goes to its form field: the first segment
 * of its path, or `aliases[path]` for nested ones; a list item's problem names its line.
 * `friendly` replaces the schema's wording for a field whose messages are generic.
 */
export function checkForm<T extends z.ZodType>(
  schema: T,
  value: unknown,
  options: {
    aliases?: Readonly<Record<string, string>>
    friendly?: Readonly<Record<string, string>>
  } = {},
): { readonly data: z.infer<T> } | { readonly errors: FieldErrors } {
  const result = schema.safeParse(value)
  if (result.success) return { data: result.data }
  const errors: Record<string, string> = {}
  for (const issue of result.error.issues) {
    const path = issue.path.map(String)
    const field = options.aliases?.[path.join('.')] ?? path[0] ?? 'form'
    const rest = path.slice(1)
    const where =
      rest.length === 1 && /^\d+$/.test(rest[0]!)
        ? `line ${Number(rest[0]) + 1}: `
        : rest.length > 0 && !options.aliases?.[path.join('.')]
          ? `"${rest.join('.')}": `
          : ''
    errors[field] ??= options.friendly?.[field] ?? `${where}${issue.message}`
  }
  return { errors }
}
