/**
 * The header's connection status in each state, as a terminal without colour shows it (the
 * words alone must say it); header-colour.test.tsx looks at the colours.
 */
import {describe, expect, it} from 'vitest'
import type {ConnectionState} from '../../../../src/ui/dash/connection.js'
import type {PodListView} from '../../../../src/ui/dash/pod-store.js'
import {Header, headerWords} from '../../../../src/ui/dash/views/header.js'
import {frameOf} from '../helpers.js'

const t0 = Date.parse('2026-11-22T10:00:00Z')
const s = (seconds: number) => t0 + seconds * 1000
const list: PodListView = {rows: [], total: 24, failing: 6}
const trouble = {reason: 'API server unreachable', message: 'connection refused', delayMs: 20_000, attempt: 3}

const headerStates: Record<string, ConnectionState> = {
  connecting: {phase: 'connecting', since: s(0)},
  live: {phase: 'live', since: s(0)},
  reconnecting: {phase: 'reconnecting', since: s(18), trouble, retryAt: s(38), dataAsOf: s(18)},
  'reconnecting from the start': {phase: 'reconnecting', since: s(0), trouble, retryAt: s(38), dataAsOf: undefined},
  stopped: {phase: 'stopped', since: s(20), error: 'pods is forbidden: User "dev" cannot list resource "pods"', dataAsOf: s(20)},
}

function headerLine(connection: ConnectionState, width = 200): string {
  return frameOf(<Header context="prod" where="shop" list={list} view="pods" filter="" failingOnly={false} sort="name" connection={connection} width={width} clock={() => s(30)} />)
}

describe('dash header, no colour', () => {
  it('live', () => {
    const line = headerLine(headerStates.live!)
    expect(line).toMatch(/^kubekit dash {2}context prod {2}namespace shop {2}24 pods, 6 failing {2}\[Pods\] +● live$/)
  })

  it('connecting', () => {
    expect(headerLine(headerStates.connecting!)).toMatch(/\[Pods\] +◌ connecting$/)
  })

  it('reconnecting: for how long, why, when it tries next, and how old the rows are', () => {
    expect(headerLine(headerStates.reconnecting!)).toMatch(/\[Pods\] +◌ reconnecting 12s: API server unreachable \(next try in 8s\); showing state from 12s ago$/)
  })

  it('reconnecting before any list: no rows to call old', () => {
    expect(headerLine(headerStates['reconnecting from the start']!)).toMatch(/◌ reconnecting 30s: API server unreachable \(next try in 8s\)$/)
  })

  it('stopped: the error and the key that retries', () => {
    expect(headerLine(headerStates.stopped!)).toMatch(/✕ stopped: pods is forbidden: User "dev" cannot list resource "pods" \(r retries\); showing state from 10s ago$/)
  })

  it('narrow, live: the short form keeps context, namespace, counts and view whole', () => {
    expect(headerLine(headerStates.live!, 80)).toMatch(/^kubekit dash {2}context prod .*● live$/)
    const line = headerLine(headerStates.live!, 60)
    expect(line).toMatch(/^prod {2}shop {2}24 pods, 6 failing {2}\[Pods\] +● live$/)
  })

  it('on a narrow terminal the status stays whole and what the dash shows gives way', () => {
    const line = headerLine(headerStates.reconnecting!, 100)
    expect(line.length).toBeLessThanOrEqual(100)
    expect(line).toContain('◌ reconnecting 12s: API server unreachable (next try in 8s); showing state from 12s ago')
    // The labels go first: context and namespace stay readable.
    expect(line.startsWith('prod  shop')).toBe(true)
    // Narrower still, the status is what is left.
    expect(headerLine(headerStates.reconnecting!, 60).trim()).toMatch(/^◌ reconnecting 12s: API server unreachable/)
  })

  it('the node, the filter, failing only and a sort other than by name are said after the counts', () => {
    // Within ink-testing-library's 100 columns: the short form.
    const line = frameOf(<Header context="prod" where="shop" list={{...list, filterError: 'bad'}} view="pods" node="w1" filter="web" failingOnly sort="age" connection={headerStates.live!} width={100} clock={() => s(30)} />)
    expect(line).toMatch(/^prod {2}shop {2}24 pods, 6 failing {2}node w1 {2}filter "web" {2}\(bad\) {2}failing only {2}sort age {2}\[Pods\] +● live$/)
  })
})

describe('headerWords', () => {
  const words = {context: 'prod', where: 'shop', list, view: 'pods' as const, filter: '', failingOnly: false, sort: 'name' as const}

  it('the long form names each part; the compact one keeps the values', () => {
    expect(headerWords(words, false)).toEqual(['kubekit dash', 'context prod', 'namespace shop', '24 pods, 6 failing', '[Pods]'])
    expect(headerWords(words, true)).toEqual(['prod', 'shop', '24 pods, 6 failing', '[Pods]'])
  })

  it('no failing pods: the count alone', () => {
    expect(headerWords({...words, list: {rows: [], total: 3, failing: 0}}, true)).toEqual(['prod', 'shop', '3 pods', '[Pods]'])
  })
})
