/** Renders docs/errors.md from the catalogue, so the document can never drift from the code. */
import { ERROR_CATALOGUE } from '../core/errors.js'

export function renderErrorsDoc(): string {
  const lines = [
    '# Error codes',
    '',
    'Generated from `src/core/errors.ts` by `npm run docs:errors`; a test fails when this file',
    'is out of date. Every error ltikit reports carries one of these stable codes: in JSON as',
    '`{"error": {"code", "message", "correlationId"}}`, on error pages with the correlation ID, and',
    'in the launch log. Codes are public API and are never renamed.',
    '',
    '| Code | HTTP | What failed | What an admin can do | Spec |',
    '| --- | --- | --- | --- | --- |',
  ]
  for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
    const spec = 'spec' in entry ? `[link](${entry.spec})` : ''
    lines.push(
      `| \`${code}\` | ${entry.status} | ${entry.title} | ${escape(entry.hint)} | ${spec} |`,
    )
  }
  return lines.join('\n') + '\n'
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|')
}
