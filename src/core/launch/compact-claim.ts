/**
 * Claim hygiene for the messages ltikit issues: strings trimmed, empty strings and undefined
 * members left out. Certification tools flag a claim with stray whitespace or an empty value,
 * and a JSON round trip silently drops `undefined`, so what we sign is what the receiver reads.
 * @see https://www.imsglobal.org/spec/lti/v1p3/cert/
 */

/** Drops the undefined members of a claim object. */
export function compactClaim<T extends object>(value: { [K in keyof T]: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

/** The trimmed string, or `undefined` for a missing, empty or blank one. */
export function cleanString(value: string | undefined): string | undefined {
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

/** Trimmed strings without blanks or duplicates, in the order given. */
export function cleanList(values: readonly string[]): string[] {
  return [...new Set(values.map(cleanString).filter((v): v is string => v !== undefined))]
}
