/**
 * The platform storage script as the browser runs it: evaluated in a `node:vm` context whose
 * `window` and `document` are the few pieces the script touches, with each tool frame faked as
 * an `event.source` that records what is posted back to it.
 */
import { createContext, runInContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { PLATFORM_STORAGE_SCRIPT, STORAGE_LIMITS } from './platform-storage.js'

const TOOL = 'https://tool.example'
const OTHER_TOOL = 'https://other-tool.example'

interface Reply {
  body: Record<string, unknown>
  targetOrigin: string
}

function platformPage(origins: readonly string[]) {
  const listeners: Array<(event: unknown) => void> = []
  const window = {
    addEventListener(type: string, listener: (event: unknown) => void) {
      if (type === 'message') listeners.push(listener)
    },
  }
  const config = { textContent: JSON.stringify({ origins }) }
  const document = { getElementById: (id: string) => (id === 'lti-storage-config' ? config : null) }
  runInContext(PLATFORM_STORAGE_SCRIPT, createContext({ window, document }))
  expect(listeners).toHaveLength(1)
  let ids = 0
  return {
    /** Dispatches one message event from a tool frame; returns what the page posted back. */
    post(data: unknown, origin = TOOL): Reply[] {
      const replies: Reply[] = []
      const source = {
        // postMessage clones the message: compare plain data, not objects of the vm's realm.
        postMessage: (body: unknown, targetOrigin: string) =>
          replies.push({ body: JSON.parse(JSON.stringify(body)), targetOrigin }),
      }
      for (const listener of listeners) listener({ data, origin, source })
      return replies
    },
    /** Sends one request with a fresh message_id and returns its single reply. */
    ask(message: Record<string, unknown>, origin = TOOL) {
      const messageId = `m-${++ids}`
      const replies = this.post({ message_id: messageId, ...message }, origin)
      expect(replies).toHaveLength(1)
      const [reply] = replies as [Reply]
      expect(reply.targetOrigin).toBe(origin)
      expect(reply.body.message_id).toBe(messageId)
      expect(reply.body.subject).toBe(`${String(message.subject)}.response`)
      return reply.body
    },
  }
}

const errorCode = (body: Record<string, unknown>) => (body.error as { code?: unknown })?.code

describe('platform storage script', () => {
  it('lists the supported subjects in its capabilities answer', () => {
    const body = platformPage([TOOL]).ask({ subject: 'lti.capabilities' })
    expect(body.error).toBeUndefined()
    const subjects = (body.supported_messages as Array<{ subject: string }>).map((m) => m.subject)
    expect(subjects.sort()).toEqual(['lti.capabilities', 'lti.get_data', 'lti.put_data'])
  })

  it('gives back what was put, under the same key', () => {
    const page = platformPage([TOOL])
    expect(page.ask({ subject: 'lti.put_data', key: 'state_abc', value: 'abc' })).toEqual({
      subject: 'lti.put_data.response',
      message_id: 'm-1',
      key: 'state_abc',
      value: 'abc',
    })
    expect(page.ask({ subject: 'lti.get_data', key: 'state_abc' })).toEqual({
      subject: 'lti.get_data.response',
      message_id: 'm-2',
      key: 'state_abc',
      value: 'abc',
    })
    page.ask({ subject: 'lti.put_data', key: 'state_abc', value: 'replaced' })
    expect(page.ask({ subject: 'lti.get_data', key: 'state_abc' }).value).toBe('replaced')
  })

  it('echoes a numeric message_id too', () => {
    const [reply] = platformPage([TOOL]).post({ subject: 'lti.capabilities', message_id: 17 })
    expect(reply?.body.message_id).toBe(17)
  })

  it('answers get_data of an unknown key with a null value', () => {
    const body = platformPage([TOOL]).ask({ subject: 'lti.get_data', key: 'state_never_put' })
    expect(body.error).toBeUndefined()
    expect(body.key).toBe('state_never_put')
    expect(body.value).toBeNull()
  })

  it('keeps each tool origin in its own storage', () => {
    const page = platformPage([TOOL, OTHER_TOOL])
    page.ask({ subject: 'lti.put_data', key: 'state_abc', value: 'abc' })
    expect(page.ask({ subject: 'lti.get_data', key: 'state_abc' }, OTHER_TOOL).value).toBeNull()
    expect(page.ask({ subject: 'lti.get_data', key: 'state_abc' }).value).toBe('abc')
  })

  it('never answers a page of an origin it was not given', () => {
    const page = platformPage([TOOL])
    for (const origin of ['https://evil.example', 'http://tool.example', 'null']) {
      for (const subject of ['lti.capabilities', 'lti.put_data', 'lti.get_data', 'lti.nope']) {
        expect(page.post({ subject, message_id: 'x', key: 'k', value: 'v' }, origin)).toEqual([])
      }
    }
    // Nor did the refused put reach the tool's storage.
    expect(page.ask({ subject: 'lti.get_data', key: 'k' }).value).toBeNull()
  })

  it('ignores responses, other subjects and non-objects, so two pages never loop', () => {
    const page = platformPage([TOOL])
    for (const data of [
      { subject: 'lti.put_data.response', message_id: 'x' },
      { subject: 'org.example.resize', message_id: 'x' },
      'lti.capabilities',
      null,
      { message_id: 'x' },
    ]) {
      expect(page.post(data)).toEqual([])
    }
  })

  it('answers an unknown lti subject with unsupported_subject', () => {
    const body = platformPage([TOOL]).ask({ subject: 'lti.delete_data', key: 'k' })
    expect(errorCode(body)).toBe('unsupported_subject')
  })

  it('refuses a request without message_id with bad_request', () => {
    const [reply] = platformPage([TOOL]).post({ subject: 'lti.get_data', key: 'k' })
    expect(errorCode(reply!.body)).toBe('bad_request')
  })

  it('refuses a missing, empty or oversize key and a missing or oversize value', () => {
    const page = platformPage([TOOL])
    const longKey = 'k'.repeat(STORAGE_LIMITS.maxKeyLength + 1)
    const longValue = 'v'.repeat(STORAGE_LIMITS.maxValueLength + 1)
    for (const message of [
      { subject: 'lti.put_data', key: longKey, value: 'v' },
      { subject: 'lti.get_data', key: longKey },
      { subject: 'lti.put_data', key: '', value: 'v' },
      { subject: 'lti.get_data' },
      { subject: 'lti.put_data', key: 'k', value: longValue },
      { subject: 'lti.put_data', key: 'k' },
      { subject: 'lti.put_data', key: 'k', value: 42 },
    ]) {
      expect(errorCode(page.ask(message))).toBe('bad_request')
    }
    expect(page.ask({ subject: 'lti.get_data', key: 'k' }).value).toBeNull()
    // The bounds themselves are accepted.
    const maxKey = 'k'.repeat(STORAGE_LIMITS.maxKeyLength)
    const maxValue = 'v'.repeat(STORAGE_LIMITS.maxValueLength)
    expect(
      page.ask({ subject: 'lti.put_data', key: maxKey, value: maxValue }).error,
    ).toBeUndefined()
    expect(page.ask({ subject: 'lti.get_data', key: maxKey }).value).toBe(maxValue)
  })

  it('refuses a key beyond the limit with storage_exhausted, but still updates stored keys', () => {
    const page = platformPage([TOOL, OTHER_TOOL])
    for (let i = 0; i < STORAGE_LIMITS.maxKeys; i++) {
      expect(
        page.ask({ subject: 'lti.put_data', key: `key_${i}`, value: 'v' }).error,
      ).toBeUndefined()
    }
    const refused = page.ask({ subject: 'lti.put_data', key: 'one_too_many', value: 'v' })
    expect(errorCode(refused)).toBe('storage_exhausted')
    expect(page.ask({ subject: 'lti.get_data', key: 'one_too_many' }).value).toBeNull()
    expect(page.ask({ subject: 'lti.put_data', key: 'key_0', value: 'new' }).error).toBeUndefined()
    expect(page.ask({ subject: 'lti.get_data', key: 'key_0' }).value).toBe('new')
    // The limit is per tool origin.
    const other = { subject: 'lti.put_data', key: 'one_too_many', value: 'v' }
    expect(page.ask(other, OTHER_TOOL).error).toBeUndefined()
  })
})
