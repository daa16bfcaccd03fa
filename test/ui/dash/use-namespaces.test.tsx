/** The namespace chooser's memory as a hook: read once, when first needed; saved on each change. */
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {cleanup} from 'ink-testing-library'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import {useNamespaceMemory} from '../../../src/ui/dash/use-namespaces.js'
import {renderHook} from './helpers.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dash-use-namespaces-'))
})
afterAll(async () => {
  if (dir) await rm(dir, {recursive: true, force: true})
})
afterEach(() => cleanup())

const memoryOf = (file: string) => renderHook(({file}: {file: string}) => useNamespaceMemory(file), {file})
const saved = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as unknown

describe('useNamespaceMemory', () => {
  it('reads the file when first asked, not before', async () => {
    const file = join(dir, 'lazy.json')
    const memory = memoryOf(file)
    await writeFile(file, JSON.stringify({favourites: {prod: ['shop']}, recent: {}}))
    expect(memory.value().current()).toEqual({favourites: {prod: ['shop']}, recent: {}})
  })

  it('a chosen namespace and a favourite are saved at once, per context', async () => {
    const file = join(dir, 'state', 'ns.json')
    const memory = memoryOf(file).value()
    memory.chosen('prod', 'shop')
    expect(await saved(file)).toEqual({favourites: {}, recent: {prod: ['shop']}})
    expect(memory.toggle('prod', 'monitoring')).toBeUndefined()
    expect(await saved(file)).toEqual({favourites: {prod: ['monitoring']}, recent: {prod: ['shop']}})
    memory.toggle('prod', 'monitoring')
    expect(memory.current()).toEqual({favourites: {prod: []}, recent: {prod: ['shop']}})
  })

  it('a file that cannot be written: toggle says why, the memory still changes', async () => {
    const blocker = join(dir, 'a-file')
    await writeFile(blocker, '')
    const memory = memoryOf(join(blocker, 'ns.json')).value()
    expect(memory.toggle('prod', 'shop')).toMatch(/ENOTDIR|EEXIST/)
    expect(memory.current().favourites).toEqual({prod: ['shop']})
  })

  it('one store per file: the same across renders, another for another file', () => {
    const memory = memoryOf(join(dir, 'one.json'))
    const first = memory.value()
    memory.rerender({file: join(dir, 'one.json')})
    expect(memory.value()).toBe(first)
    memory.rerender({file: join(dir, 'two.json')})
    expect(memory.value()).not.toBe(first)
  })
})
