// -o json and -o yaml: a command's typed result as a program reads it.
import {parse} from 'yaml'
import {describe, expect, it} from 'vitest'
import {formatData} from '../../src/print/data.js'

const value = {kind: 'Diagnosis', count: 3, ok: false, items: [{name: 'a'}, {name: 'b'}], note: `a long line ${'x'.repeat(120)}`, none: null}

describe('formatData', () => {
  it('json: two-space indented, one trailing newline', async () => {
    const text = await formatData(value, 'json')
    expect(text).toBe(`${JSON.stringify(value, null, 2)}\n`)
  })

  it('yaml: the same data, long strings kept on one line', async () => {
    const text = await formatData(value, 'yaml')
    expect(parse(text)).toEqual(value)
    expect(text).toContain(`note: a long line ${'x'.repeat(120)}\n`)
    expect(text.endsWith('\n')).toBe(true)
  })
})
