/**
 * The sandbox's certificates, made at start: a CA, and a server certificate for 127.0.0.1, ::1
 * and localhost signed by it. The kubeconfig carries the CA, so clients verify the server exactly
 * as they would a real cluster's.
 */
import {localCertificates, type LocalCertificates} from '../util/local-tls.js'

export type SandboxCertificates = LocalCertificates

export function makeCertificates(): Promise<SandboxCertificates> {
  return localCertificates({caName: 'kubekit-sandbox-ca', serverName: 'kube-apiserver', validDays: 365, dnsNames: ['localhost', 'kubernetes.default.svc'], ips: ['127.0.0.1', '::1']})
}
