/**
 * Plays the learner's scenario player over HTTP as a browser without JavaScript would: reads the
 * forms of each page (the session travels in their action URLs, the play in a hidden field) and
 * posts the button the learner picks.
 */

export interface PlayerPage {
  readonly status: number
  readonly html: string
  readonly headers: Headers
}

export interface PlayerClient {
  /** The briefing page a launch lands on (`location` of the launch's redirect). */
  open(location: string): Promise<PlayerPage>
  /** Posts the page's Start (or Play again) form. */
  start(page: PlayerPage): Promise<PlayerPage>
  /** Posts the reply button `replyId` of a step page. */
  reply(
    page: PlayerPage,
    replyId: string,
    edit?: (fields: URLSearchParams) => void,
  ): Promise<PlayerPage>
  /** Starts, then picks every reply of `path` in turn; returns every page on the way. */
  play(briefing: PlayerPage, path: readonly string[]): Promise<PlayerPage[]>
}

export function playerClient(base: string, headers: Record<string, string> = {}): PlayerClient {
  const read = async (response: Response): Promise<PlayerPage> => ({
    status: response.status,
    html: await response.text(),
    headers: response.headers,
  })
  const post = async (action: string, fields: URLSearchParams) =>
    read(
      await fetch(new URL(action, base), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: fields.toString(),
        redirect: 'manual',
      }),
    )
  const client: PlayerClient = {
    async open(location) {
      return read(await fetch(new URL(location, base), { redirect: 'manual', headers }))
    },
    async start(page) {
      const action = formAction(page.html, /\/start\?/)
      return post(action, new URLSearchParams())
    },
    async reply(page, replyId, edit) {
      const action = formAction(page.html, /\/reply\?/)
      if (!page.html.includes(`data-testid="reply-${replyId}"`)) {
        throw new Error(`no reply ${replyId} on this page`)
      }
      const fields = new URLSearchParams({ play: hiddenValue(page.html, 'play'), reply: replyId })
      edit?.(fields)
      return post(action, fields)
    },
    async play(briefing, path) {
      const pages = [await client.start(briefing)]
      for (const replyId of path) pages.push(await client.reply(pages.at(-1)!, replyId))
      return pages
    },
  }
  return client
}

/** The action of the page's form whose action matches `pattern`, unescaped. */
export function formAction(html: string, pattern: RegExp): string {
  const actions = [...html.matchAll(/<form[^>]*action="([^"]+)"/g)].map((m) => unescape(m[1]!))
  const action = actions.find((a) => pattern.test(a))
  if (!action) throw new Error(`no form matching ${pattern}; forms: ${actions.join(', ')}`)
  return action.replace(/#.*$/, '')
}

export function hiddenValue(html: string, name: string): string {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html)
  if (!match) throw new Error(`no hidden field ${name}`)
  return unescape(match[1]!)
}

/** The text of the element with `data-testid="<id>"` (tags stripped), if any. */
export function testIdText(html: string, id: string): string | undefined {
  const match = new RegExp(`data-testid="${id}"[^>]*>([\\s\\S]*?)</`).exec(html)
  return match ? unescape(match[1]!.replace(/<[^>]+>/g, '')).trim() : undefined
}

/** The `data-<name>` attribute of the element with `data-testid="<id>"`. */
export function testIdAttribute(html: string, id: string, name: string): string | undefined {
  const tag = new RegExp(`<[^>]*data-testid="${id}"[^>]*>`).exec(html)?.[0]
  return tag ? new RegExp(`data-${name}="([^"]*)"`).exec(tag)?.[1] : undefined
}

function unescape(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}
