/**
 * The platform's side of LTI Platform Storage, as the browser script the embedded launch page
 * loads (served at {@link PLATFORM_STORAGE_SCRIPT_PATH}, allowed by `script-src 'self'`). It
 * answers `lti.capabilities`, `lti.put_data` and `lti.get_data` for the tool's registered
 * origins only, keeps data in memory for the life of the page, per origin, within size and
 * count limits, and answers other `lti.*` subjects with `unsupported_subject`.
 * @see https://www.imsglobal.org/spec/lti-pm-s/v0p1
 */

export const PLATFORM_STORAGE_SCRIPT_PATH = '/static/platform-storage.js'

/** lti-pm-s: keys and values are strings; these bounds keep a tool from filling the page. */
export const STORAGE_LIMITS = { maxKeys: 50, maxKeyLength: 2048, maxValueLength: 4096 } as const

export const PLATFORM_STORAGE_SCRIPT = `(function () {
  'use strict'
  var config = JSON.parse(document.getElementById('lti-storage-config').textContent)
  var limits = ${JSON.stringify(STORAGE_LIMITS)}
  var stores = new Map()
  var SUPPORTED = ['lti.capabilities', 'lti.put_data', 'lti.get_data']
  window.addEventListener('message', function (event) {
    var m = event.data
    if (!m || typeof m !== 'object' || typeof m.subject !== 'string') return
    if (m.subject.indexOf('lti.') !== 0 || /\\.response$/.test(m.subject)) return
    // Only the tool of this launch may use its storage; anything else gets no answer at all.
    if (config.origins.indexOf(event.origin) < 0 || !event.source) return
    function reply(body) {
      body.subject = m.subject + '.response'
      body.message_id = m.message_id
      event.source.postMessage(body, event.origin)
    }
    function fail(code, message) {
      reply({ error: { code: code, message: message } })
    }
    if (SUPPORTED.indexOf(m.subject) < 0) return fail('unsupported_subject', 'not supported')
    if (typeof m.message_id !== 'string' && typeof m.message_id !== 'number') {
      return fail('bad_request', 'message_id is required')
    }
    if (m.subject === 'lti.capabilities') {
      return reply({
        supported_messages: SUPPORTED.map(function (subject) {
          return { subject: subject }
        }),
      })
    }
    if (typeof m.key !== 'string' || m.key === '' || m.key.length > limits.maxKeyLength) {
      return fail('bad_request', 'key must be a non-empty string of at most ' + limits.maxKeyLength)
    }
    var store = stores.get(event.origin)
    if (!store) stores.set(event.origin, (store = new Map()))
    if (m.subject === 'lti.get_data') {
      return reply({ key: m.key, value: store.has(m.key) ? store.get(m.key) : null })
    }
    if (typeof m.value !== 'string' || m.value.length > limits.maxValueLength) {
      return fail('bad_request', 'value must be a string of at most ' + limits.maxValueLength)
    }
    if (!store.has(m.key) && store.size >= limits.maxKeys) {
      return fail('storage_exhausted', 'at most ' + limits.maxKeys + ' keys per tool')
    }
    store.set(m.key, m.value)
    reply({ key: m.key, value: m.value })
  })
})()
`
