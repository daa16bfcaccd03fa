/**
 * A private CA and a server certificate signed by it, for a server kubekit runs on this machine
 * (the sandbox API server, the read-only shell's proxy). Made in memory with `selfsigned`; the
 * client trusts the CA, so it verifies the server exactly as it would a real cluster's.
 */
import {generate} from 'selfsigned'

export interface LocalCertificates {
  /** PEM of the CA certificate (what a kubeconfig's certificate-authority-data carries). */
  ca: string
  cert: string
  key: string
}

export interface LocalCertificateOptions {
  caName: string
  serverName: string
  validDays: number
  /** subjectAltName entries: DNS names and IP addresses. */
  dnsNames?: string[]
  ips: string[]
}

export async function localCertificates(options: LocalCertificateOptions): Promise<LocalCertificates> {
  const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000)
  const notAfterDate = new Date(Date.now() + options.validDays * 24 * 60 * 60 * 1000)
  const ca = await generate([{name: 'commonName', value: options.caName}], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      {name: 'basicConstraints', cA: true, critical: true},
      {name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true},
    ],
  })
  const altNames = [...(options.dnsNames ?? []).map((value) => ({type: 2 as const, value})), ...options.ips.map((ip) => ({type: 7 as const, ip}))]
  const server = await generate([{name: 'commonName', value: options.serverName}], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: {key: ca.private, cert: ca.cert},
    extensions: [
      {name: 'basicConstraints', cA: false},
      {name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
      {name: 'extKeyUsage', serverAuth: true},
      {name: 'subjectAltName', altNames},
    ],
  })
  return {ca: ca.cert, cert: server.cert, key: server.private}
}
