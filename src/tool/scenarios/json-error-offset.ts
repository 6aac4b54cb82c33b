/**
 * Where JSON text first breaks the grammar (RFC 8259), for an author's error message: V8's
 * `JSON.parse` names an offset for some errors only ("Unexpected token '}', ... is not valid
 * JSON" has none). Called only after `JSON.parse` failed; `undefined` when the text is valid.
 * @see https://www.rfc-editor.org/rfc/rfc8259#section-2
 */
export function jsonErrorOffset(text: string): number | undefined {
  let at = 0
  const ws = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at += 1
  }
  const fail = (): never => {
    throw at
  }
  const expect = (literal: string) => {
    for (const char of literal) {
      if (text[at] !== char) fail()
      at += 1
    }
  }
  const string = () => {
    expect('"')
    for (;;) {
      const char = text[at]
      if (char === undefined || char < ' ') fail()
      at += 1
      if (char === '"') return
      if (char === '\\') {
        const escape = text[at]
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 1, at + 5))) fail()
          at += 5
        } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) at += 1
        else fail()
      }
    }
  }
  const number = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(at))
    if (!match) fail()
    at += (match as RegExpExecArray)[0].length
  }
  const value = (depth: number): void => {
    if (depth > 512) fail()
    ws()
    const char = text[at]
    if (char === '{') {
      at += 1
      ws()
      if (text[at] === '}') return void (at += 1)
      for (;;) {
        ws()
        string()
        ws()
        expect(':')
        value(depth + 1)
        ws()
        if (text[at] === ',') at += 1
        else return expect('}')
      }
    }
    if (char === '[') {
      at += 1
      ws()
      if (text[at] === ']') return void (at += 1)
      for (;;) {
        value(depth + 1)
        ws()
        if (text[at] === ',') at += 1
        else return expect(']')
      }
    }
    if (char === '"') return string()
    if (char === 't') return expect('true')
    if (char === 'f') return expect('false')
    if (char === 'n') return expect('null')
    return number()
  }
  try {
    value(0)
    ws()
    return at < text.length ? at : undefined
  } catch (offset) {
    return offset as number
  }
}
