// The one import of @kubernetes/client-node: the KubeConfig that credentials.ts hands plugin and
// proxy users to, and the two calls it relies on (loadFromOptions, applyToHTTPSOptions).
import type https from 'node:https'
import * as clientNode from '@kubernetes/client-node'
import {describe, expect, it} from 'vitest'
import {KubeConfig} from '../../src/kube/client-node.js'

function config(user: Record<string, unknown>, cluster: Record<string, unknown> = {}): KubeConfig {
  const kubeConfig = new KubeConfig()
  kubeConfig.loadFromOptions({
    clusters: [{name: 'prod-cluster', server: 'https://10.0.0.1:6443', skipTLSVerify: false, ...cluster}],
    users: [{name: 'alice', ...user}],
    contexts: [{name: 'prod', cluster: 'prod-cluster', user: 'alice'}],
    currentContext: 'prod',
  })
  return kubeConfig
}

describe('KubeConfig from client-node', () => {
  it('is client-node\'s own class, re-exported', () => {
    expect(KubeConfig).toBe(clientNode.KubeConfig)
  })

  it('signs with a token as a bearer header and keeps TLS verification', async () => {
    const options: https.RequestOptions = {headers: {}}
    await config({token: 'static-token-1'}).applyToHTTPSOptions(options)
    expect(options.headers).toMatchObject({Authorization: 'Bearer static-token-1'})
    expect(options.rejectUnauthorized).not.toBe(false)
  })

  it('basic auth comes back as options.auth (credentials.ts turns it into a header); skipTLSVerify as rejectUnauthorized false', async () => {
    const options: https.RequestOptions = {headers: {}}
    await config({username: 'admin', password: 'pw-123456'}, {skipTLSVerify: true}).applyToHTTPSOptions(options)
    expect(options.auth).toBe('admin:pw-123456')
    expect(options.rejectUnauthorized).toBe(false)
  })

  it('impersonation as a header', async () => {
    const options: https.RequestOptions = {headers: {}}
    await config({token: 't-000000', impersonateUser: 'bob'}).applyToHTTPSOptions(options)
    expect(options.headers).toMatchObject({'Impersonate-User': 'bob'})
  })
})
