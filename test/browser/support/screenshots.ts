/**
 * Screenshots of the key screens, written by the browser tests to `docs/screenshots/<name>.png`
 * for the README: every run renders them again from the real pages.
 */
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))

/** A phone's viewport (iPhone 12 to 15), for the screens a learner opens on a phone. */
export const PHONE_VIEWPORT = { width: 390, height: 844 }

/** A laptop's viewport, the default of every browser context of the tests. */
export const DESKTOP_VIEWPORT = { width: 1280, height: 800 }

/**
 * Writes the page, frames included, to `docs/screenshots/<name>.png` and returns the path: the
 * whole page, or with `fullPage: false` what the window shows where it is scrolled to.
 */
export async function screenshot(
  page: Page,
  name: string,
  { fullPage = true }: { fullPage?: boolean } = {},
): Promise<string> {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`screenshot name ${name}: use a-z, 0-9 and -`)
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const path = `${SCREENSHOT_DIR}${name}.png`
  await page.screenshot({ path, fullPage, animations: 'disabled', caret: 'hide' })
  return path
}
