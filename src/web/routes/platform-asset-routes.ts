/**
 * The platform pages' own files, mounted at `/`: the style sheet and the scripts the pages load
 * (CSP `style-src 'self'`, `script-src 'self'`). Public and cacheable: they hold no data.
 */
import { Hono } from 'hono'
import type { AppEnv } from '../env.js'
import { COPY_BUTTON_SCRIPT, COPY_BUTTON_SCRIPT_PATH } from '../static/copy-button.js'
import { PLATFORM_RETURN_SCRIPT, PLATFORM_RETURN_SCRIPT_PATH } from '../static/platform-return.js'
import { PLATFORM_STYLESHEET, PLATFORM_STYLESHEET_PATH } from '../static/platform-stylesheet.js'

const FILES: readonly (readonly [path: string, type: string, body: string])[] = [
  [PLATFORM_STYLESHEET_PATH, 'text/css; charset=utf-8', PLATFORM_STYLESHEET],
  [COPY_BUTTON_SCRIPT_PATH, 'text/javascript; charset=utf-8', COPY_BUTTON_SCRIPT],
  [PLATFORM_RETURN_SCRIPT_PATH, 'text/javascript; charset=utf-8', PLATFORM_RETURN_SCRIPT],
]

export function platformAssetRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  for (const [path, type, body] of FILES) {
    app.get(path, (c) => {
      c.header('content-type', type)
      c.header('cache-control', 'public, max-age=300')
      return c.body(body)
    })
  }
  return app
}
