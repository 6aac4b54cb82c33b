/**
 * Text content of an XML document parsed without entity processing: the parser leaves `&...;`
 * alone so that no DTD-declared entity can ever expand, and this decodes what XML without a
 * DTD defines.
 */

const PREDEFINED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
}

/**
 * Decodes the predefined entities and character references (XML 1.0 §4.1, §4.6). Any other
 * `&` makes the text invalid: without a DTD no other entity exists.
 */
export function decodeXmlText(raw: string): string | undefined {
  let invalid = false
  const decoded = raw.replace(/&([^;&]{0,10});?/g, (match, name: string) => {
    const predefined = match.endsWith(';') ? PREDEFINED[name] : undefined
    if (predefined !== undefined && Object.hasOwn(PREDEFINED, name)) return predefined
    const reference = match.endsWith(';')
      ? /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(name)
      : null
    const code = reference
      ? parseInt(reference[1] ?? reference[2] ?? '', reference[1] ? 16 : 10)
      : NaN
    if (isXmlChar(code)) return String.fromCodePoint(code)
    invalid = true
    return ''
  })
  return invalid ? undefined : decoded
}

/** XML 1.0 §2.2 Char. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  )
}
