/**
 * The script of the page a tool returns the user to (launch presentation `return_url`), served
 * at {@link PLATFORM_RETURN_SCRIPT_PATH}: a tool shown in the course page's iframe navigates
 * that frame, so the page takes the whole window back, where it belongs. The frame is our own
 * page by then (same origin as its parent), so it may navigate the top window. Without script,
 * the page's "Back to the course" link (`target="_top"`) does the same.
 * @see https://www.imsglobal.org/spec/lti/v1p3/#launch-presentation-claim
 */

export const PLATFORM_RETURN_SCRIPT_PATH = '/static/platform-return.js'

export const PLATFORM_RETURN_SCRIPT = `(function () {
  'use strict'
  if (window.top === window.self) return
  try {
    window.top.location.replace(window.location.href)
  } catch (e) {
    // Framed by another site: stay in the frame; the page's own link leads out.
  }
})()
`
