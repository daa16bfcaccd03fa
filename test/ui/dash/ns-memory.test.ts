import {mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {emptyMemory, loadMemory, memoryFile, orderNamespaces, recentLimit, remember, saveMemory, toggleFavourite} from '../../../src/ui/dash/ns-memory.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ns-memory-'))
})
afterAll(async () => {
  await rm(dir, {recursive: true, force: true})
})

describe('namespace favourites and recent namespaces', () => {
  it('lives under $XDG_STATE_HOME/kubekit, else ~/.local/state/kubekit', () => {
    expect(memoryFile({XDG_STATE_HOME: '/x/state'})).toBe('/x/state/kubekit/dash-namespaces.json')
    expect(memoryFile({HOME: '/home/me'})).toBe('/home/me/.local/state/kubekit/dash-namespaces.json')
  })

  it('orders favourites, then recent ones, then the rest, per context, and marks them', () => {
    let memory = emptyMemory()
    memory = remember(memory, 'prod', 'shop')
    memory = remember(memory, 'prod', 'payments')
    memory = remember(memory, 'prod', 'shop')
    memory = toggleFavourite(memory, 'prod', 'monitoring')
    memory = remember(memory, 'dev', 'analytics')
    const names = ['analytics', 'default', 'monitoring', 'payments', 'shop']
    const prod = orderNamespaces(names, ['(all)'], memory, 'prod')
    expect(prod.items).toEqual(['(all)', 'monitoring', 'shop', 'payments', 'analytics', 'default'])
    expect(prod.marks).toEqual({monitoring: '★ favourite', shop: 'recent', payments: 'recent'})
    expect(orderNamespaces(names, [], memory, 'dev').items[0]).toBe('analytics')
    // A favourite the cluster no longer lists is left out; unmarking removes it.
    expect(orderNamespaces(['default'], [], memory, 'prod').items).toEqual(['default'])
    expect(toggleFavourite(memory, 'prod', 'monitoring').favourites.prod).toEqual([])
  })

  it('keeps a bounded number of recent namespaces', () => {
    let memory = emptyMemory()
    for (let i = 0; i < 20; i++) memory = remember(memory, 'c', `ns-${i}`)
    expect(memory.recent.c).toHaveLength(recentLimit)
    expect(memory.recent.c![0]).toBe('ns-19')
  })

  it('saves atomically (no temporary file left) and reads back; a broken file is an empty memory', async () => {
    const file = join(dir, 'state', 'kubekit', 'dash-namespaces.json')
    const memory = toggleFavourite(remember(emptyMemory(), 'c', 'shop'), 'c', 'payments')
    expect(saveMemory(file, memory)).toBeUndefined()
    expect(loadMemory(file)).toEqual(memory)
    expect(await readdir(join(dir, 'state', 'kubekit'))).toEqual(['dash-namespaces.json'])
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(memory)
    await writeFile(file, '{not json')
    expect(loadMemory(file)).toEqual(emptyMemory())
    expect(loadMemory(join(dir, 'missing.json'))).toEqual(emptyMemory())
  })
})
