/**
 * The browser script of the admin's "register a tool" page (served at
 * {@link TOOL_REGISTRATION_SCRIPT_PATH}, allowed by `script-src 'self'`). The tool's registration
 * page, framed or in a window it opens, posts `{subject: 'org.imsglobal.lti.close'}` when done;
 * this script then removes the frame or closes the window and shows the result. Only the tool's
 * origin, and only the frame or window this page opened, may close it.
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0#step-4-registration-completed-and-activation
 */

export const TOOL_REGISTRATION_SCRIPT_PATH = '/static/tool-registration.js'

export const TOOL_REGISTRATION_SCRIPT = `(function () {
  'use strict'
  var config = JSON.parse(document.getElementById('registration-config').textContent)
  var frame = document.getElementById('registration-frame')
  var button = document.getElementById('registration-window')
  var done = document.getElementById('registration-done')
  var popup = null
  button.hidden = false
  button.addEventListener('click', function () {
    // The token is used once: the tool is open in the window or in the frame, never both.
    popup = window.open(config.launchUrl, 'ltikit-tool-registration')
    if (popup && frame) {
      frame.remove()
      frame = null
    }
  })
  window.addEventListener('message', function (event) {
    var m = event.data
    if (!m || typeof m !== 'object' || m.subject !== 'org.imsglobal.lti.close') return
    if (event.origin !== config.toolOrigin) return
    var fromFrame = frame !== null && event.source === frame.contentWindow
    if (!fromFrame && (popup === null || event.source !== popup)) return
    if (frame) frame.remove()
    if (popup) popup.close()
    frame = null
    popup = null
    button.hidden = true
    done.hidden = false
  })
})()
`
