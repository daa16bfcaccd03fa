// The local CA and server certificate (the sandbox's, the read-only shell proxy's): a client that
// trusts the CA verifies the server's certificate for the names and addresses it was made for.
import {createPrivateKey, X509Certificate} from 'node:crypto'
import {describe, expect, it} from 'vitest'
import {localCertificates} from '../../src/util/local-tls.js'

describe('localCertificates', () => {
  it('a CA, and a server certificate it signed for the given names and addresses, with its key', async () => {
    const made = await localCertificates({caName: 'test-ca', serverName: 'test-server', validDays: 2, dnsNames: ['localhost'], ips: ['127.0.0.1', '::1']})
    const ca = new X509Certificate(made.ca)
    const server = new X509Certificate(made.cert)
    expect(ca.ca).toBe(true)
    expect(ca.subject).toContain('CN=test-ca')
    expect(server.ca).toBe(false)
    expect(server.subject).toContain('CN=test-server')
    expect(server.checkIssued(ca)).toBe(true)
    expect(server.verify(ca.publicKey)).toBe(true)
    expect(server.checkPrivateKey(createPrivateKey(made.key))).toBe(true)
    expect(server.checkHost('localhost')).toBe('localhost')
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1')
    expect(server.checkIP('::1')).toBe('::1')
    expect(server.checkHost('example.com')).toBeUndefined()
    const now = Date.now()
    expect(Date.parse(server.validFrom)).toBeLessThan(now)
    expect(Date.parse(server.validTo)).toBeGreaterThan(now + 86_400_000)
    expect(Date.parse(server.validTo)).toBeLessThanOrEqual(now + 2 * 86_400_000 + 60_000)
  })
})
