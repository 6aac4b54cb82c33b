/**
 * Debian's Chromium for the browser tests, driven by playwright-core. A missing Chromium fails
 * the test run, never skips it: `.ci/run` installs it (`apt-get install chromium`).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { Browser, BrowserContext, LaunchOptions } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'

/**
 * The launch options every browser test uses: headless, no sandbox (containers run as root) and
 * no calls home, so a test only ever talks to loopback.
 * @throws Error when Chromium is not installed
 */
export function chromiumLaunchOptions(): LaunchOptions {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`)
  }
  return {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-domain-reliability',
      '--disable-sync',
      '--no-first-run',
      '--no-default-browser-check',
      '--no-pings',
    ],
  }
}

/** A fresh browser (a new temporary profile); each `newContext()` is a person of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions())
}

/** A browser of one person, with the profile it runs in; `close()` removes the profile too. */
export interface PersistentChromium {
  readonly context: BrowserContext
  close(): Promise<void>
}

/**
 * A learner's Chromium in which the tool's site (`127.0.0.1`) can keep no cookie, signed in to
 * the LMS on `localhost` with `lmsSessionCookie` (`name=value`). Chromium already keeps
 * unpartitioned third-party cookies out of frames, but still sends the tool's Partitioned (CHIPS)
 * state cookie; blocking the tool site's cookies outright is what Safari and strict settings do,
 * and the case LTI Platform Storage exists for.
 * @param extraArgs Chromium switches on top of {@link chromiumLaunchOptions}'s
 * @throws Error when Chromium is not installed
 */
export async function launchChromiumWithToolCookiesBlocked(
  lmsSessionCookie: string,
  extraArgs: readonly string[] = [],
): Promise<PersistentChromium> {
  const options = chromiumLaunchOptions()
  const profile = mkdtempSync(join(tmpdir(), 'ltikit-chromium-'))
  mkdirSync(join(profile, 'Default'))
  writeFileSync(
    join(profile, 'Default', 'Preferences'),
    JSON.stringify({
      profile: {
        block_third_party_cookies: true,
        content_settings: { exceptions: { cookies: { '127.0.0.1,*': { setting: 2 } } } },
      },
    }),
  )
  const removeProfile = () => rmSync(profile, { recursive: true, force: true })
  const [name, value] = lmsSessionCookie.split(/=(.*)/s) as [string, string]
  let context: BrowserContext | undefined
  try {
    context = await chromium.launchPersistentContext(profile, {
      ...options,
      args: [...(options.args ?? []), ...extraArgs],
    })
    // As the platform sets it over HTTPS (platform-session.ts): the tool's login page navigates
    // the frame to the authentication endpoint, a cross-site initiator that Lax would refuse.
    await context.addCookies([
      { name, value, domain: 'localhost', path: '/', sameSite: 'None', secure: true },
    ])
  } catch (error) {
    await context?.close()
    removeProfile()
    throw error
  }
  const opened = context
  return {
    context: opened,
    async close() {
      await opened.close()
      removeProfile()
    },
  }
}
