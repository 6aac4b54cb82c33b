/**
 * The browser script of the "Copy" buttons on the tool's admin pages (served at
 * {@link COPY_BUTTON_SCRIPT_PATH}, allowed by `script-src 'self'`). A button with
 * `data-copy-target="<input id>"` copies that input's value with the Clipboard API; where the
 * API is missing or refused (plain HTTP outside localhost, permissions), it selects the text so
 * the admin can copy it by hand, and tries the legacy copy command.
 */

export const COPY_BUTTON_SCRIPT_PATH = '/static/copy-button.js'

export const COPY_BUTTON_SCRIPT = `(function () {
  'use strict'
  var buttons = document.querySelectorAll('button[data-copy-target]')
  Array.prototype.forEach.call(buttons, function (button) {
    var input = document.getElementById(button.getAttribute('data-copy-target'))
    if (!input) return
    var label = button.textContent
    var status = document.getElementById(button.getAttribute('data-copy-status') || '')
    function done(text) {
      button.textContent = text
      if (status) status.textContent = text
      setTimeout(function () { button.textContent = label }, 2000)
    }
    function fallback() {
      input.focus()
      input.select()
      var copied = false
      try { copied = document.execCommand('copy') } catch (e) { copied = false }
      done(copied ? 'Copied' : 'Selected: press Ctrl+C')
    }
    button.hidden = false
    button.addEventListener('click', function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(function () { done('Copied') }, fallback)
      } else {
        fallback()
      }
    })
  })
})()
`
