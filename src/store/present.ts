/**
 * `{ [key]: value }` when a nullable column holds a value, else `{}`: domain objects omit absent
 * optional fields instead of carrying `null`.
 */
export function present<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: V }
}
