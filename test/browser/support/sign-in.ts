/**
 * Signing in through the pages, as a person does: the LMS's `/login` and the tool's
 * `/admin/login` (workspace admins, email and password). Each person gets a browser context of
 * their own, so their cookies never mix.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { DESKTOP_VIEWPORT } from './screenshots.js'

export interface Credentials {
  email: string
  password: string
}

/** A new person at a laptop: a fresh cookie jar and one page. */
export async function newPerson(
  browser: Browser,
  viewport = DESKTOP_VIEWPORT,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'en-GB' })
  context.setDefaultTimeout(20_000)
  return { context, page: await context.newPage() }
}

/**
 * Clicks `button` to submit a form, follows the redirects the post answers with, and returns once
 * the page they end on has loaded.
 * @throws Error naming the page's status, heading and error code when it is not `status`
 */
export async function submit(
  page: Page,
  button: Locator,
  { status = 200 }: { status?: number } = {},
): Promise<void> {
  const main = page.mainFrame()
  const landed = page.waitForResponse(
    (r) =>
      r.frame() === main &&
      r.request().isNavigationRequest() &&
      (r.status() < 300 || r.status() >= 400),
  )
  const committed = page.waitForEvent('framenavigated', { predicate: (frame) => frame === main })
  await button.click()
  const response = await landed
  await committed
  await page.waitForLoadState()
  if (response.status() !== status) {
    const text = (testid: string) =>
      page
        .locator(testid)
        .first()
        .textContent({ timeout: 500 })
        .catch(() => null)
    const [heading, code] = await Promise.all([text('h1'), text('[data-testid="error-code"]')])
    throw new Error(
      `${response.url()} answered ${response.status()}, not ${status}: "${heading?.trim()}" ` +
        (code ?? ''),
    )
  }
}

async function signIn(page: Page, loginUrl: string, who: Credentials): Promise<void> {
  await page.goto(loginUrl)
  await page.locator('#email').fill(who.email)
  await page.locator('#password').fill(who.password)
  await submit(page, page.getByRole('button', { name: 'Sign in', exact: true }))
}

/** Signs in on the LMS (`/login`) and lands on `next` (default: the dashboard). */
export async function signInToLms(
  page: Page,
  platformUrl: string,
  who: Credentials,
  next = '/',
): Promise<void> {
  await signIn(page, `${platformUrl}/login?next=${encodeURIComponent(next)}`, who)
}

/** Signs a workspace admin in on the tool (`/admin/login`) and opens `next`. */
export async function signInToToolAdmin(
  page: Page,
  toolUrl: string,
  who: Credentials,
  next: string,
): Promise<void> {
  await signIn(page, `${toolUrl}/admin/login?next=${encodeURIComponent(next)}`, who)
}
