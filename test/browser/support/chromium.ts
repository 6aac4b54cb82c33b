/**
 * Debian's Chromium for the browser tests, driven by playwright-core. A missing Chromium fails
 * the test run, never skips it: `.ci/run` installs it (`apt-get install chromium`).
 */
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'
import type { Browser, LaunchOptions } from 'playwright-core'

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
