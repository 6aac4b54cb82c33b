/**
 * The first `<form>` of a server-rendered page with its named inputs, as a browser would submit
 * it. For pages we render ourselves (the demo drives the tool's dynamic registration page; the
 * tests drive launches with it), not a general HTML parser.
 */
export interface HtmlForm {
  action: string
  fields: Record<string, string>
}

/** @throws Error when the page has no form with an `action`. */
export function readHtmlForm(html: string): HtmlForm {
  const decode = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
  const form = /<form\b[^>]*>/i.exec(html)?.[0]
  const action = form && /action="([^"]*)"/i.exec(form)?.[1]
  if (action === undefined) throw new Error(`no form in: ${html.slice(0, 300)}`)
  const fields: Record<string, string> = {}
  for (const [input] of html.matchAll(/<input\b[^>]*>/gi)) {
    const name = /name="([^"]*)"/i.exec(input)?.[1]
    const value = /value="([^"]*)"/i.exec(input)?.[1]
    if (name !== undefined && value !== undefined) fields[decode(name)] = decode(value)
  }
  return { action: decode(action), fields }
}
