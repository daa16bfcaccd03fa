/**
 * The sandbox's certificates, made at start with `selfsigned`: a CA, and a server certificate
 * for 127.0.0.1, ::1 and localhost signed by it. The kubeconfig carries the CA, so clients verify
 * the server exactly as they would a real cluster's.
 */
import {generate} from 'selfsigned'

export interface SandboxCertificates {
  /** PEM of the CA certificate (the kubeconfig's certificate-authority-data). */
  ca: string
  cert: string
  key: string
}

export async function makeCertificates(): Promise<SandboxCertificates> {
  const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000)
  const notAfterDate = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000)
  const ca = await generate([{name: 'commonName', value: 'kubekit-sandbox-ca'}], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      {name: 'basicConstraints', cA: true, critical: true},
      {name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true},
    ],
  })
  const server = await generate([{name: 'commonName', value: 'kube-apiserver'}], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: {key: ca.private, cert: ca.cert},
    extensions: [
      {name: 'basicConstraints', cA: false},
      {name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
      {name: 'extKeyUsage', serverAuth: true},
      {
        name: 'subjectAltName',
        altNames: [
          {type: 2, value: 'localhost'},
          {type: 2, value: 'kubernetes.default.svc'},
          {type: 7, ip: '127.0.0.1'},
          {type: 7, ip: '::1'},
        ],
      },
    ],
  })
  return {ca: ca.cert, cert: server.cert, key: server.private}
}
