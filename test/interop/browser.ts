/**
 * A minimal browser for interop tests: follows one navigation at a time and keeps a cookie jar
 * per origin, so a launch can hop between our platform and a peer tool as a real browser does.
 */
import { parseSetCookie } from '../support/lms-emulator.js'

/** The first `<form>` of a page with its hidden fields, as a browser would submit it. */
export { readHtmlForm as readForm } from '../../src/bin/read-html-form.js'

export interface Hop {
  status: number
  location: string
  body: string
  url: string
}

export class TestBrowser {
  private readonly jars = new Map<string, Record<string, string>>()

  constructor(initial: Record<string, string> = {}) {
    for (const [origin, cookie] of Object.entries(initial)) {
      const jar: Record<string, string> = {}
      for (const pair of cookie.split(/;\s*/)) {
        const eq = pair.indexOf('=')
        if (eq > 0) jar[pair.slice(0, eq)] = pair.slice(eq + 1)
      }
      this.jars.set(origin, jar)
    }
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const origin = new URL(url).origin
    const jar = this.jars.get(origin) ?? {}
    const headers: Record<string, string> = {
      cookie: Object.entries(jar)
        .map(([name, value]) => `${name}=${value}`)
        .join('; '),
    }
    let body: string | undefined
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(init.form).toString()
    }
    const response = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    })
    Object.assign(jar, parseSetCookie(response.headers.getSetCookie()))
    this.jars.set(origin, jar)
    const location = response.headers.get('location') ?? ''
    return {
      status: response.status,
      location: location ? new URL(location, url).toString() : '',
      body: await response.text(),
      url,
    } satisfies Hop
  }

  /** Follows redirects (GET) from `url` until a non-redirect answer; returns every hop. */
  async follow(url: string, init: { form?: Record<string, string> } = {}): Promise<Hop[]> {
    const hops: Hop[] = []
    let hop = await this.request(url, init)
    hops.push(hop)
    while (hop.status >= 300 && hop.status < 400 && hop.location && hops.length < 10) {
      hop = await this.request(hop.location)
      hops.push(hop)
    }
    return hops
  }
}
