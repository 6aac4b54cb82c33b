import { describe, expect, it } from 'vitest'
import { checkConfiguredUrl, isForbiddenAddress, isLoopbackHost } from './url-policy.js'

const PROD = { dev: false }
const DEV = { dev: true }

describe('checkConfiguredUrl', () => {
  it.each([
    ['https://lms.example.edu/mod/lti/certs.php', PROD],
    ['https://canvas.instructure.com/api/lti/security/jwks?x=1', PROD],
    ['https://127.0.0.1/jwks', PROD], // scheme is fine; the address guard decides at connect time
    ['http://localhost:3000/jwks', DEV],
    ['http://tool.localhost/jwks', DEV],
    ['http://127.0.0.1:8080/jwks', DEV],
    ['http://127.9.9.9/jwks', DEV],
    ['http://[::1]:8080/jwks', DEV],
    ['https://lms.example.edu/jwks', DEV],
  ])('accepts %s (%o)', (value, options) => {
    expect(checkConfiguredUrl(value, options).href).toBe(new URL(value).href)
  })

  it.each([
    ['http://lms.example.edu/jwks', PROD],
    ['http://localhost:3000/jwks', PROD],
    ['http://127.0.0.1/jwks', PROD],
    ['http://lms.example.edu/jwks', DEV],
    ['http://10.0.0.1/jwks', DEV],
    ['http://localhost.example.com/jwks', DEV],
    ['http://[::2]/jwks', DEV],
    ['ftp://lms.example.edu/jwks', DEV],
    ['file:///etc/passwd', DEV],
    ['javascript:alert(1)', PROD],
    ['https://user:secret@lms.example.edu/jwks', PROD],
    ['https://user@lms.example.edu/jwks', PROD],
  ])('refuses %s as insecure (%o)', (value, options) => {
    expect(() => checkConfiguredUrl(value, options)).toThrow(
      expect.objectContaining({ code: 'LTI_URL_INSECURE' }),
    )
  })

  it.each(['', 'lms.example.edu/jwks', '/jwks', 'https://', 'https://lms.example.edu/jwks#x'])(
    'refuses %j as invalid',
    (value) => {
      expect(() => checkConfiguredUrl(value, PROD)).toThrow(
        expect.objectContaining({ code: 'LTI_REQUEST_INVALID' }),
      )
    },
  )

  it('refuses an empty fragment too', () => {
    expect(() => checkConfiguredUrl('https://lms.example.edu/jwks#', PROD)).toThrow(
      expect.objectContaining({ code: 'LTI_REQUEST_INVALID' }),
    )
  })

  it('keeps credentials out of the error', () => {
    try {
      checkConfiguredUrl('https://user:hunter2@lms.example.edu/', PROD)
      expect.unreachable()
    } catch (err) {
      expect(JSON.stringify((err as Error).cause) + (err as Error).message).not.toContain('hunter2')
    }
  })

  it('throws TypeError for a non-string', () => {
    expect(() => checkConfiguredUrl(42 as unknown as string, PROD)).toThrow(TypeError)
  })
})

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['a.b.localhost', true],
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['[::1]', true],
    ['localhost.example.com', false],
    ['notlocalhost', false],
    ['128.0.0.1', false],
    ['[::ffff:127.0.0.1]', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected)
  })
})

describe('isForbiddenAddress', () => {
  // [address, forbidden outside dev, forbidden in dev]
  const TABLE: [string, boolean, boolean][] = [
    // Public
    ['8.8.8.8', false, false],
    ['93.184.216.34', false, false],
    ['1.1.1.1', false, false],
    ['172.15.255.255', false, false],
    ['172.32.0.0', false, false],
    ['100.63.255.255', false, false],
    ['100.128.0.0', false, false],
    ['169.253.255.255', false, false],
    ['223.255.255.255', false, false],
    // IPv4 special-purpose ranges
    ['0.0.0.0', true, true],
    ['0.1.2.3', true, true],
    ['127.0.0.1', true, false],
    ['127.1.2.3', true, false],
    ['10.0.0.1', true, true],
    ['10.255.255.255', true, true],
    ['172.16.0.1', true, true],
    ['172.31.255.255', true, true],
    ['192.168.1.1', true, true],
    ['169.254.169.254', true, true], // cloud metadata
    ['100.64.0.1', true, true],
    ['100.127.255.255', true, true],
    ['192.0.0.170', true, true],
    ['192.0.2.1', true, true],
    ['198.18.0.1', true, true],
    ['198.51.100.1', true, true],
    ['203.0.113.1', true, true],
    ['224.0.0.1', true, true],
    ['239.255.255.250', true, true],
    ['240.0.0.1', true, true],
    ['255.255.255.255', true, true],
    // IPv6
    ['2606:4700:4700::1111', false, false],
    ['2a00:1450:4001:80b::200e', false, false],
    ['::', true, true],
    ['::1', true, false],
    ['[::1]', true, false],
    ['0:0:0:0:0:0:0:1', true, false],
    ['fc00::1', true, true],
    ['fd12:3456:789a::1', true, true],
    ['fe80::1', true, true],
    ['fe80::1%eth0', true, true],
    ['febf::1', true, true],
    ['fec0::1', true, true],
    ['ff02::1', true, true],
    ['ff05::1:3', true, true],
    ['2001:db8::1', true, true],
    ['2001:0:4136:e378::1', true, true], // Teredo
    ['100::1', true, true],
    // IPv4 embedded in IPv6 is judged by the IPv4 address
    ['::ffff:8.8.8.8', false, false],
    ['::ffff:808:808', false, false],
    ['::ffff:127.0.0.1', true, false],
    ['::ffff:7f00:1', true, false],
    ['::ffff:169.254.169.254', true, true],
    ['::ffff:a9fe:a9fe', true, true],
    ['::ffff:10.0.0.1', true, true],
    ['64:ff9b::8.8.8.8', false, false],
    ['64:ff9b::a9fe:a9fe', true, true],
    ['64:ff9b::10.1.1.1', true, true],
    ['64:ff9b:1::a00:1', true, true],
    ['2002:0808:0808::1', false, false],
    ['2002:c0a8:0101::1', true, true],
    ['::10.0.0.1', true, true], // deprecated IPv4-compatible
    ['::8.8.8.8', true, true],
    // Not an address at all: fail closed
    ['', true, true],
    ['localhost', true, true],
    ['1.2.3', true, true],
    ['01.2.3.4', true, true],
    ['256.1.1.1', true, true],
    ['1::2::3', true, true],
    ['1:2:3:4:5:6:7:8:9', true, true],
    ['12345::', true, true],
    ['::ffff:1.2.3.4.5', true, true],
    ['g::1', true, true],
  ]

  it.each(TABLE)('%s: forbidden=%s, in dev=%s', (ip, prod, dev) => {
    expect(isForbiddenAddress(ip, PROD)).toBe(prod)
    expect(isForbiddenAddress(ip, DEV)).toBe(dev)
  })
})
