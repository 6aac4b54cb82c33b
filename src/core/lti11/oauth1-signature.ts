import { hmacBase64 } from './bytes.js'
import { percentEncode } from './percent-encode.js'

/**
 * The HMAC-SHA1 signature of a signature base string, base64. The key is the encoded consumer
 * secret and the encoded token secret joined by `&`; LTI 1.1 has no token, so the key ends with
 * a bare `&`.
 *
 * @param baseString from `signatureBaseString`
 * @param consumerSecret the shared secret of the consumer key
 * @param tokenSecret the token secret; LTI 1.1 leaves it empty
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4.2
 */
export function oauth1Signature(
  baseString: string,
  consumerSecret: string,
  tokenSecret?: string,
): Promise<string> {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret ?? '')}`
  return hmacBase64('SHA-1', key, baseString)
}
