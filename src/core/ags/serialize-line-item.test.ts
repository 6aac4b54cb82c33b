import { describe, expect, it } from 'vitest'
import { serializeLineItem } from './serialize-line-item.js'

describe('serializeLineItem', () => {
  it('leaves absent properties out and puts id first', () => {
    const wire = serializeLineItem({
      label: 'Quiz',
      scoreMaximum: 10,
      tag: undefined,
      resourceLinkId: 'rl-1',
      id: 'https://lms.example/li/1',
    })
    expect(JSON.stringify(wire)).toBe(
      '{"id":"https://lms.example/li/1","scoreMaximum":10,"label":"Quiz","resourceLinkId":"rl-1"}',
    )
  })

  it('keeps false and empty values that were set', () => {
    expect(
      serializeLineItem({ label: 'Q', scoreMaximum: 1, gradesReleased: false, tag: '' }),
    ).toEqual({ label: 'Q', scoreMaximum: 1, gradesReleased: false, tag: '' })
  })
})
