// The `server:` of a kubeconfig cluster as kubectl reads it (client-go rest.DefaultServerURL),
// and a password in it never printed.
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeEach, describe, expect, it} from 'vitest'
import {resolveConnection} from '../../src/kube/config.js'
import {KubeError} from '../../src/kube/errors.js'
import {redactSecrets, redactUrl} from '../../src/util/redact.js'
import {run} from '../kubeconfig/helpers.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubekit-config-server-'))
})

function kubeconfig(cluster: string, user = '{token: server-test-token}'): string {
  const path = join(dir, 'config')
  writeFileSync(path, `apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: k\n  cluster: ${cluster}\nusers:\n- name: u\n  user: ${user}\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\n`)
  return path
}

const serverOf = (cluster: string, user?: string) => resolveConnection({kubeconfig: kubeconfig(cluster, user), env: {}}).server

describe('a server without a scheme, as kubectl takes it', () => {
  it('is https:// when the cluster has a CA, the user a client certificate, or TLS verification is skipped', () => {
    expect(serverOf('{server: "10.0.0.1:6443", certificate-authority-data: Zm9v}')).toBe('https://10.0.0.1:6443')
    expect(serverOf('{server: "10.0.0.1:6443", certificate-authority: /etc/k/ca.crt}')).toBe('https://10.0.0.1:6443')
    expect(serverOf('{server: "10.0.0.1:6443", insecure-skip-tls-verify: true}')).toBe('https://10.0.0.1:6443')
    expect(serverOf('{server: "k8s.internal:6443"}', '{client-certificate-data: Zm9v, client-key-data: YmFy}')).toBe('https://k8s.internal:6443')
  })

  it('is http:// otherwise (client-go: "move the default to secure when the apiserver supports TLS by default")', () => {
    expect(serverOf('{server: "localhost:8080"}')).toBe('http://localhost:8080')
    expect(serverOf('{server: "10.0.0.1:6443/"}')).toBe('http://10.0.0.1:6443')
    expect(serverOf('{server: "[::1]:8080"}')).toBe('http://[::1]:8080')
  })

  it('must be a host:port pair, without a path', () => {
    const path = kubeconfig('{server: "10.0.0.1:6443/prefix"}')
    expect(() => resolveConnection({kubeconfig: path, env: {}})).toThrow(
      new KubeError('kubeconfig', `cluster "k" in ${path}: server "10.0.0.1:6443/prefix" must be an https:// (or http://) URL or a host:port pair`),
    )
  })

  it('a URL with a scheme is taken as written, trailing slashes dropped, paths kept (Rancher proxies)', () => {
    expect(serverOf('{server: "https://rancher.example/k8s/clusters/c-abc/"}')).toBe('https://rancher.example/k8s/clusters/c-abc')
    expect(serverOf('{server: "http://127.0.0.1:8080"}')).toBe('http://127.0.0.1:8080')
  })
})

describe('a password in the server URL', () => {
  it('is kept for the connection but printed as user:***@, as Go\'s net/http prints it', () => {
    const server = serverOf('{server: "https://admin:s3cret-pass@k8s.example:6443"}')
    expect(server).toBe('https://admin:s3cret-pass@k8s.example:6443')
    const line = `cannot reach the API server at ${server} (context "c"): ECONNREFUSED; the password s3cret-pass is wrong`
    expect(redactSecrets(line)).toBe('cannot reach the API server at https://admin:***@k8s.example:6443 (context "c"): ECONNREFUSED; the password [redacted] is wrong')
  })

  it('short or percent-encoded passwords are hidden too', () => {
    expect(redactUrl('https://u:pw@h:1/api')).toBe('https://u:***@h:1/api')
    expect(redactUrl('https://u:p%40ss@h')).toBe('https://u:***@h')
    expect(redactUrl('https://u@h and https://h:6443')).toBe('https://u@h and https://h:6443')
  })

  it('is hidden in the error of a bad server', () => {
    const path = kubeconfig('{server: "admin:hunter22@10.0.0.1:6443/x"}')
    try {
      resolveConnection({kubeconfig: path, env: {}})
      expect.unreachable()
    } catch (error) {
      expect(redactSecrets((error as Error).message)).not.toContain('hunter22')
    }
  })

  it('never reaches the terminal from kubectl ns (the fast path prints its own errors)', async () => {
    const path = kubeconfig('{server: "https://admin:hunter22@127.0.0.1:1"}')
    const result = await run('kubectl-ns', [], {PATH: process.env.PATH, HOME: dir, KUBECONFIG: path, NO_COLOR: '1'})
    expect(result.code).toBe(1)
    expect(result.stderr).not.toContain('hunter22')
    expect(result.stderr).toContain('admin:***@127.0.0.1:1')
  })
})
