import { XMLParser } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { parsePoxRequest, poxResponse, POX_NAMESPACE } from './pox.js'
import type { PoxResponseInput } from './pox.js'

// The LTI 1.1 Implementation Guide §6.1 example requests, verbatim (including the spaces around
// "=" in the declaration and xmlns, which real documents copied from the guide keep).
function specRequest(operation: string, record: string): string {
  return `<?xml version = "1.0" encoding = "UTF-8"?>
<imsx_POXEnvelopeRequest xmlns = "http://www.imsglobal.org/services/ltiv1p1/xsd/imsoms_v1p0">
  <imsx_POXHeader>
    <imsx_POXRequestHeaderInfo>
      <imsx_version>V1.0</imsx_version>
      <imsx_messageIdentifier>999999123</imsx_messageIdentifier>
    </imsx_POXRequestHeaderInfo>
  </imsx_POXHeader>
  <imsx_POXBody>
    <${operation}Request>
      <resultRecord>
        <sourcedGUID>
          <sourcedId>3124567</sourcedId>
        </sourcedGUID>${record}
      </resultRecord>
    </${operation}Request>
  </imsx_POXBody>
</imsx_POXEnvelopeRequest>`
}
const score = (value: string, language = 'en') => `
        <result>
          <resultScore>
            <language>${language}</language>
            <textString>${value}</textString>
          </resultScore>
        </result>`

const REPLACE = specRequest('replaceResult', score('0.92'))
const READ = specRequest('readResult', '')
const DELETE = specRequest('deleteResult', '')

describe('parsePoxRequest', () => {
  it('reads the spec example replaceResultRequest (§6.1.1)', () => {
    expect(parsePoxRequest(REPLACE)).toEqual({
      operation: 'replaceResult',
      messageIdentifier: '999999123',
      sourcedId: '3124567',
      score: 0.92,
    })
  })

  it('reads the spec example readResultRequest (§6.1.2) and deleteResultRequest (§6.1.3)', () => {
    const expected = { messageIdentifier: '999999123', sourcedId: '3124567' }
    expect(parsePoxRequest(READ)).toEqual({ operation: 'readResult', ...expected })
    expect(parsePoxRequest(DELETE)).toEqual({ operation: 'deleteResult', ...expected })
  })

  it('reads what ims-lti sends: compact, with a language other than en and a CDATA-free body', () => {
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?><imsx_POXEnvelopeRequest xmlns="${POX_NAMESPACE}">` +
      '<imsx_POXHeader><imsx_POXRequestHeaderInfo><imsx_version>V1.0</imsx_version>' +
      '<imsx_messageIdentifier>5f1c</imsx_messageIdentifier></imsx_POXRequestHeaderInfo></imsx_POXHeader>' +
      '<imsx_POXBody><replaceResultRequest><resultRecord><sourcedGUID><sourcedId>lti11:abc:u-1</sourcedId>' +
      '</sourcedGUID><result><resultScore><language>de-DE</language><textString>1</textString>' +
      '</resultScore></result></resultRecord></replaceResultRequest></imsx_POXBody></imsx_POXEnvelopeRequest>'
    expect(parsePoxRequest(xml)).toEqual({
      operation: 'replaceResult',
      messageIdentifier: '5f1c',
      sourcedId: 'lti11:abc:u-1',
      score: 1,
    })
  })

  it('keeps identifiers as text (leading zeros) and decodes predefined entities and references', () => {
    const xml = specRequest('readResult', '')
      .replace('999999123', '000123')
      .replace('3124567', 'a&amp;b&lt;c&#x41;&#66;')
    expect(parsePoxRequest(xml)).toMatchObject({
      messageIdentifier: '000123',
      sourcedId: 'a&b<cAB',
    })
  })

  it('accepts namespace prefixes', () => {
    const xml = REPLACE.replace(/<(\/?)([A-Za-z_]+)/g, '<$1ims:$2').replace(
      'xmlns = ',
      'xmlns:ims = ',
    )
    expect(parsePoxRequest(xml)).toMatchObject({ operation: 'replaceResult', score: 0.92 })
  })

  it.each([
    ['0', 0],
    ['0.0', 0],
    ['1.0', 1],
    ['.5', 0.5],
    [' 0.25 ', 0.25],
    ['0.123456789', 0.123456789],
  ])('accepts the score %j', (text, expected) => {
    expect(parsePoxRequest(specRequest('replaceResult', score(text)))).toMatchObject({
      score: expected,
    })
  })

  it('answers an operation outside Basic Outcomes as unsupported, naming it', () => {
    const xml = specRequest('readMembership', '')
    expect(parsePoxRequest(xml)).toEqual({
      operation: 'unsupported',
      messageIdentifier: '999999123',
      operationName: 'readMembership',
    })
  })

  describe('refuses', () => {
    it.each([
      ['1.01'],
      ['-0.1'],
      ['2'],
      [''],
      ['NaN'],
      ['Infinity'],
      ['1e-1'],
      ['0,5'],
      ['0x1'],
      ['+0.5'],
      ['0.5.1'],
    ])('the score %j with LTI11_POX_SCORE_INVALID, keeping the message to answer', (text) => {
      expect(() => parsePoxRequest(specRequest('replaceResult', score(text)))).toThrow(
        expect.objectContaining({
          code: 'LTI11_POX_SCORE_INVALID',
          messageIdentifier: '999999123',
          operationName: 'replaceResult',
        }),
      )
    })

    it('a replaceResult without a score', () => {
      expect(() => parsePoxRequest(specRequest('replaceResult', ''))).toThrow(
        expect.objectContaining({ code: 'LTI11_POX_SCORE_INVALID' }),
      )
    })

    const malformed: Array<[string, string]> = [
      ['not XML', 'score=0.5'],
      ['an empty body', ''],
      ['unclosed elements', REPLACE.slice(0, -30)],
      ['mismatched tags', REPLACE.replace('</sourcedId>', '</sourcedID>')],
      [
        'another root element',
        REPLACE.replace(/imsx_POXEnvelopeRequest/g, 'imsx_POXEnvelopeResponse'),
      ],
      [
        'no message identifier',
        REPLACE.replace(/<imsx_messageIdentifier>.*<\/imsx_messageIdentifier>/, ''),
      ],
      ['an empty message identifier', REPLACE.replace('999999123', '')],
      ['no sourcedId', REPLACE.replace('<sourcedId>3124567</sourcedId>', '')],
      [
        'two sourcedIds',
        REPLACE.replace(
          '<sourcedId>3124567</sourcedId>',
          '<sourcedId>1</sourcedId><sourcedId>2</sourcedId>',
        ),
      ],
      [
        'two operations',
        REPLACE.replace('</replaceResultRequest>', '</replaceResultRequest><deleteResultRequest/>'),
      ],
      [
        'no operation',
        REPLACE.replace(/<replaceResultRequest>[\s\S]*<\/replaceResultRequest>/, ''),
      ],
      [
        'an element that is not a request',
        REPLACE.replace(/replaceResultRequest/g, 'replaceResult'),
      ],
      ['an undeclared entity', REPLACE.replace('3124567', '&nbsp;3124567')],
      ['a reference to a non-character', REPLACE.replace('3124567', '&#0;')],
      ['a bare ampersand', REPLACE.replace('3124567', 'a & b')],
      ['a body over 64 KiB', REPLACE.replace('3124567', 'x'.repeat(64 * 1024))],
      ['deep nesting', REPLACE.replace('3124567', '<a>'.repeat(40) + '</a>'.repeat(40))],
    ]
    it.each(malformed)('%s with LTI11_POX_MALFORMED', (_name, xml) => {
      expect(() => parsePoxRequest(xml)).toThrow(
        expect.objectContaining({ code: 'LTI11_POX_MALFORMED', status: 400 }),
      )
    })

    it('a billion-laughs DOCTYPE before any expansion', () => {
      const lol =
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
      const xml =
        lol +
        REPLACE.slice(REPLACE.indexOf('<imsx_POXEnvelopeRequest')).replace('3124567', '&lol3;')
      expect(() => parsePoxRequest(xml)).toThrow(
        expect.objectContaining({ code: 'LTI11_POX_MALFORMED' }),
      )
    })

    it('an external entity (XXE)', () => {
      const xml =
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
        REPLACE.slice(REPLACE.indexOf('<imsx_POXEnvelopeRequest')).replace('3124567', '&xxe;')
      expect(() => parsePoxRequest(xml)).toThrow(
        expect.objectContaining({ code: 'LTI11_POX_MALFORMED' }),
      )
    })

    it('a lowercase doctype', () => {
      const xml = '<!doctype r>' + REPLACE.slice(REPLACE.indexOf('<imsx_POXEnvelopeRequest'))
      expect(() => parsePoxRequest(xml)).toThrow(
        expect.objectContaining({ code: 'LTI11_POX_MALFORMED' }),
      )
    })

    it('an unsupported operation name that is not a plain name', () => {
      const xml = specRequest('read-Result', '')
      expect(() => parsePoxRequest(xml)).toThrow(
        expect.objectContaining({ code: 'LTI11_POX_MALFORMED', messageIdentifier: '999999123' }),
      )
    })

    it('a __proto__ element, without polluting anything', () => {
      const xml = REPLACE.replace(
        '<resultRecord>',
        '<resultRecord><__proto__><polluted>1</polluted></__proto__>',
      )
      expect(() => parsePoxRequest(xml)).toThrow(
        expect.objectContaining({ code: 'LTI11_POX_MALFORMED' }),
      )
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    })
  })
})

describe('poxResponse', () => {
  const reader = new XMLParser({ ignoreAttributes: false, parseTagValue: false })
  const statusOf = (xml: string) =>
    reader.parse(xml).imsx_POXEnvelopeResponse.imsx_POXHeader.imsx_POXResponseHeaderInfo

  it('writes the spec example replaceResultResponse (§6.1.1)', () => {
    const xml = poxResponse({
      codeMajor: 'success',
      description: 'Score for 3124567 is now 0.92',
      messageRefIdentifier: '999999123',
      operation: 'replaceResult',
      messageIdentifier: '4560',
    })
    const doc = reader.parse(xml)
    expect(doc.imsx_POXEnvelopeResponse['@_xmlns']).toBe(POX_NAMESPACE)
    expect(statusOf(xml)).toEqual({
      imsx_version: 'V1.0',
      imsx_messageIdentifier: '4560',
      imsx_statusInfo: {
        imsx_codeMajor: 'success',
        imsx_severity: 'status',
        imsx_description: 'Score for 3124567 is now 0.92',
        imsx_messageRefIdentifier: '999999123',
        imsx_operationRefIdentifier: 'replaceResult',
      },
    })
    expect(doc.imsx_POXEnvelopeResponse.imsx_POXBody).toEqual({ replaceResultResponse: '' })
  })

  it('writes the spec example readResultResponse (§6.1.2) with the score', () => {
    const xml = poxResponse({
      codeMajor: 'success',
      description: 'Result read',
      messageRefIdentifier: '999999123',
      operation: 'readResult',
      score: 0.91,
      messageIdentifier: '1313355158804',
    })
    expect(reader.parse(xml).imsx_POXEnvelopeResponse.imsx_POXBody).toEqual({
      readResultResponse: { result: { resultScore: { language: 'en', textString: '0.91' } } },
    })
  })

  it('writes an empty textString when there is no result yet', () => {
    const xml = poxResponse({
      codeMajor: 'success',
      description: 'No result',
      messageRefIdentifier: '1',
      operation: 'readResult',
      score: null,
      messageIdentifier: '2',
    })
    const body = reader.parse(xml).imsx_POXEnvelopeResponse.imsx_POXBody
    expect(body.readResultResponse.result.resultScore.textString).toBe('')
  })

  it('writes the spec example deleteResultResponse (§6.1.3)', () => {
    const xml = poxResponse({
      codeMajor: 'success',
      description: '',
      messageRefIdentifier: '999999123',
      operation: 'deleteResult',
      messageIdentifier: '4560',
    })
    expect(reader.parse(xml).imsx_POXEnvelopeResponse.imsx_POXBody).toEqual({
      deleteResultResponse: '',
    })
  })

  it('answers failure and unsupported with severity error and an empty body', () => {
    for (const codeMajor of ['failure', 'unsupported'] as const) {
      const xml = poxResponse({
        codeMajor,
        description: 'readMembership is not supported',
        messageRefIdentifier: '999999123',
        operation: 'readMembership',
        messageIdentifier: '7',
      })
      expect(statusOf(xml).imsx_statusInfo).toMatchObject({
        imsx_codeMajor: codeMajor,
        imsx_severity: 'error',
        imsx_operationRefIdentifier: 'readMembership',
      })
      expect(reader.parse(xml).imsx_POXEnvelopeResponse.imsx_POXBody).toBe('')
    }
  })

  it('escapes text so a hostile identifier cannot inject markup', () => {
    const hostile = `</imsx_description><imsx_codeMajor>success</imsx_codeMajor>&"'`
    const xml = poxResponse({
      codeMajor: 'failure',
      description: hostile,
      messageRefIdentifier: hostile,
      operation: 'replaceResult',
      messageIdentifier: '<x>',
    })
    const info = new XMLParser({ processEntities: true, htmlEntities: false }).parse(xml)
      .imsx_POXEnvelopeResponse.imsx_POXHeader.imsx_POXResponseHeaderInfo
    expect(info.imsx_statusInfo.imsx_codeMajor).toBe('failure')
    expect(info.imsx_statusInfo.imsx_description).toBe(hostile)
    expect(info.imsx_statusInfo.imsx_messageRefIdentifier).toBe(hostile)
    expect(info.imsx_messageIdentifier).toBe('<x>')
  })

  it('round-trips through parsePoxRequest’s own parser rules (message identifiers stay text)', () => {
    const request = parsePoxRequest(READ)
    const xml = poxResponse({
      codeMajor: 'success',
      description: 'ok',
      messageRefIdentifier: request.messageIdentifier,
      operation: request.operation,
      score: 0.5,
      messageIdentifier: '0042',
    })
    expect(statusOf(xml).imsx_messageIdentifier).toBe('0042')
    expect(statusOf(xml).imsx_statusInfo.imsx_messageRefIdentifier).toBe('999999123')
  })

  const valid: PoxResponseInput = {
    codeMajor: 'success',
    description: '',
    messageRefIdentifier: '1',
    operation: 'replaceResult',
    messageIdentifier: '2',
  }
  it.each<[string, Partial<PoxResponseInput>]>([
    ['an operation that is not a plain name', { operation: 'x><y' }],
    ['a readResult score above 1', { operation: 'readResult', score: 1.5 }],
    ['a readResult score that is NaN', { operation: 'readResult', score: Number.NaN }],
  ])('refuses %s as misuse', (_name, change) => {
    expect(() => poxResponse({ ...valid, ...change })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    )
    expect(() => poxResponse(valid)).not.toThrow()
  })
})
