/**
 * LTI 1.1 Basic Outcomes POX bodies: reading an `imsx_POXEnvelopeRequest` and writing the
 * `imsx_POXEnvelopeResponse` that answers it. The OAuth body-hash signature around the body is
 * checked first, with `validateOAuth1Request` from core.
 *
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide (§6, LTI Basic Outcomes)
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { LtiRequestInvalid } from '../../core/errors.js'
import type { LtiErrorCode } from '../../core/errors.js'
import { decodeXmlText } from './xml-text.js'

/** The largest POX body read (the spec's messages are under 1 KiB). */
export const POX_MAX_LENGTH = 64 * 1024
/** The namespace of every Basic Outcomes message (LTI 1.1 §6). */
export const POX_NAMESPACE = 'http://www.imsglobal.org/services/ltiv1p1/xsd/imsoms_v1p0'

export type PoxOperation = 'replaceResult' | 'readResult' | 'deleteResult'

export type PoxRequest =
  | {
      readonly operation: PoxOperation
      readonly messageIdentifier: string
      readonly sourcedId: string
      /** replaceResult only: the score, 0.0 to 1.0; `resultScore.language` is ignored. */
      readonly score?: number
    }
  | {
      /** Any other operation: answer `imsx_codeMajor` unsupported, naming `operationName`. */
      readonly operation: 'unsupported'
      readonly messageIdentifier: string
      readonly operationName: string
    }

/**
 * A POX request that cannot be carried out. When the envelope was readable enough,
 * `messageIdentifier` and `operationName` let the caller still answer with a failure response
 * that refers to the request.
 */
export class PoxRequestInvalid extends LtiRequestInvalid {
  readonly messageIdentifier?: string
  readonly operationName?: string

  constructor(
    code: Extract<LtiErrorCode, `LTI11_POX_${string}`>,
    message: string,
    refs: { messageIdentifier?: string; operationName?: string } = {},
  ) {
    super(code, message)
    if (refs.messageIdentifier !== undefined) this.messageIdentifier = refs.messageIdentifier
    if (refs.operationName !== undefined) this.operationName = refs.operationName
  }
}

const OPERATIONS: ReadonlySet<string> = new Set(['replaceResult', 'readResult', 'deleteResult'])
const MAX_IDENTIFIER = 1024
/** An XML name we are willing to echo back as an operation (`imsx_operationRefIdentifier`). */
const OPERATION_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/
/** A plain decimal: "0.92", "1", "1.0", ".5". Exponents, signs and commas are refused. */
const DECIMAL = /^(?:[0-9]{1,8}(?:\.[0-9]{0,16})?|\.[0-9]{1,16})$/

const parser = new XMLParser({
  // Only elements matter: attributes (xmlns, xml:lang) carry nothing the platform uses.
  ignoreAttributes: true,
  removeNSPrefix: true,
  // Identifiers such as "0042" must stay strings.
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Entities are decoded by `decodeXmlText`: the five predefined ones and character references
  // only, which is all XML without a DTD has (XML 1.0 §4.6).
  processEntities: false,
  maxNestedTags: 16,
})

/**
 * Reads a Basic Outcomes request body.
 *
 * @throws PoxRequestInvalid `LTI11_POX_MALFORMED` for a body that is not well-formed, too large,
 *   declares a DOCTYPE or entities, or lacks the header, message identifier or sourcedId;
 *   `LTI11_POX_SCORE_INVALID` for a replaceResult score that is not a decimal in [0.0, 1.0].
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide
 */
export function parsePoxRequest(xml: string): PoxRequest {
  if (xml.length > POX_MAX_LENGTH) throw malformed('the body is larger than 64 KiB')
  // No DTDs at all: they are how entity-expansion (billion laughs) and external-entity attacks
  // get in, and no Basic Outcomes client sends one.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw malformed('a DOCTYPE or entity declaration')
  if (XMLValidator.validate(xml) !== true) throw malformed('not well-formed XML')
  let document: unknown
  try {
    document = parser.parse(xml)
  } catch {
    throw malformed('not well-formed XML')
  }

  const envelope = child(document, 'imsx_POXEnvelopeRequest')
  const headerInfo = child(child(envelope, 'imsx_POXHeader'), 'imsx_POXRequestHeaderInfo')
  const messageIdentifier = text(child(headerInfo, 'imsx_messageIdentifier'))
  if (messageIdentifier === undefined || messageIdentifier === '') {
    throw malformed('no imsx_messageIdentifier')
  }
  const body = child(envelope, 'imsx_POXBody')
  const names = isRecord(body) ? Object.keys(body) : []
  const [element] = names
  if (names.length !== 1 || element === undefined || !element.endsWith('Request')) {
    throw malformed('imsx_POXBody must hold exactly one ...Request element', { messageIdentifier })
  }
  const operationName = element.slice(0, -'Request'.length)
  if (!OPERATION_NAME.test(operationName)) {
    throw malformed('the operation is not a plain name', { messageIdentifier })
  }
  if (!OPERATIONS.has(operationName)) {
    return { operation: 'unsupported', messageIdentifier, operationName }
  }
  const operation = operationName as PoxOperation
  const refs = { messageIdentifier, operationName }

  const record = child(child(body, element), 'resultRecord')
  const sourcedId = text(child(child(record, 'sourcedGUID'), 'sourcedId'))
  if (sourcedId === undefined || sourcedId === '') throw malformed('no sourcedId', refs)
  if (operation !== 'replaceResult') return { operation, messageIdentifier, sourcedId }

  const textString = text(child(child(child(record, 'result'), 'resultScore'), 'textString'))
  return { operation, messageIdentifier, sourcedId, score: parseScore(textString, refs) }
}

/** LTI 1.1 §6.1.1: "a floating point number in the range 0.0 - 1.0"; otherwise failure. */
function parseScore(
  value: string | undefined,
  refs: { messageIdentifier: string; operationName: string },
): number {
  const score = value !== undefined && DECIMAL.test(value) ? Number(value) : Number.NaN
  if (!(score >= 0 && score <= 1)) {
    throw new PoxRequestInvalid(
      'LTI11_POX_SCORE_INVALID',
      'resultScore "textString" must be a decimal from 0.0 to 1.0',
      refs,
    )
  }
  return score
}

/** A child element; `undefined` when absent or repeated (the spec allows each once). */
function child(node: unknown, name: string): unknown {
  if (!isRecord(node) || !Object.hasOwn(node, name)) return undefined
  const value = node[name]
  return Array.isArray(value) ? undefined : value
}

/** The text of a text-only element, bounded and decoded; `undefined` for anything else. */
function text(node: unknown): string | undefined {
  if (typeof node !== 'string' || node.length > MAX_IDENTIFIER) return undefined
  return decodeXmlText(node)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function malformed(
  reason: string,
  refs: { messageIdentifier?: string; operationName?: string } = {},
): PoxRequestInvalid {
  return new PoxRequestInvalid('LTI11_POX_MALFORMED', `malformed POX request: ${reason}`, refs)
}

export interface PoxResponseInput {
  readonly codeMajor: 'success' | 'failure' | 'unsupported'
  /** Defaults to `status` for success and `error` otherwise. */
  readonly severity?: 'status' | 'warning' | 'error'
  readonly description: string
  /** The request's `imsx_messageIdentifier`. */
  readonly messageRefIdentifier: string
  /** The request's operation (`replaceResult`), or the unsupported one's name. */
  readonly operation: string
  /** readResult: the stored score, `null` when there is none (an empty textString). */
  readonly score?: number | null
  /** This response's own identifier. */
  readonly messageIdentifier: string
}

/**
 * The `imsx_POXEnvelopeResponse` answering a Basic Outcomes request. A success carries the
 * operation's response element; a failure or unsupported answer has an empty body.
 *
 * @throws TypeError (`ERR_INVALID_ARG_TYPE`) for an operation that is not a plain name or a
 *   score outside [0, 1].
 * @see https://www.imsglobal.org/specs/ltiv1p1/implementation-guide (§6.1)
 */
export function poxResponse(input: PoxResponseInput): string {
  if (!OPERATION_NAME.test(input.operation)) throw argError('"operation" must be a plain name')
  const severity = input.severity ?? (input.codeMajor === 'success' ? 'status' : 'error')
  const body = input.codeMajor === 'success' ? responseBody(input) : ''
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<imsx_POXEnvelopeResponse xmlns="${POX_NAMESPACE}">`,
    '<imsx_POXHeader>',
    '<imsx_POXResponseHeaderInfo>',
    '<imsx_version>V1.0</imsx_version>',
    `<imsx_messageIdentifier>${escapeXml(input.messageIdentifier)}</imsx_messageIdentifier>`,
    '<imsx_statusInfo>',
    `<imsx_codeMajor>${input.codeMajor}</imsx_codeMajor>`,
    `<imsx_severity>${severity}</imsx_severity>`,
    `<imsx_description>${escapeXml(input.description)}</imsx_description>`,
    `<imsx_messageRefIdentifier>${escapeXml(input.messageRefIdentifier)}</imsx_messageRefIdentifier>`,
    `<imsx_operationRefIdentifier>${input.operation}</imsx_operationRefIdentifier>`,
    '</imsx_statusInfo>',
    '</imsx_POXResponseHeaderInfo>',
    '</imsx_POXHeader>',
    body === '' ? '<imsx_POXBody/>' : `<imsx_POXBody>${body}</imsx_POXBody>`,
    '</imsx_POXEnvelopeResponse>',
  ].join('\n')
}

function responseBody(input: PoxResponseInput): string {
  if (input.operation !== 'readResult') return `<${input.operation}Response/>`
  const score = input.score ?? null
  if (score !== null && !(score >= 0 && score <= 1)) throw argError('"score" must be in [0, 1]')
  const textString = score === null ? '' : String(score)
  return (
    '<readResultResponse><result><resultScore><language>en</language>' +
    `<textString>${textString}</textString>` +
    '</resultScore></result></readResultResponse>'
  )
}

function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

function argError(message: string): TypeError {
  return Object.assign(new TypeError(message), { code: 'ERR_INVALID_ARG_TYPE' })
}
