import {describe, expect, it} from 'vitest'
import {customResourcePrinter, DEFAULT_PRINTER_COLUMNS, simpleJsonPath} from '../../src/sandbox/custom-tables.js'

const widget = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: {name: 'gear', creationTimestamp: '2026-01-01T11:00:00Z'},
  spec: {replicas: 3, selector: {app: 'gear'}, suspended: false},
  status: {items: [{name: 'first'}, {name: 'second'}], conditions: null},
}

describe('simpleJsonPath', () => {
  it('reads dotted paths with indexes, with or without braces', () => {
    expect(simpleJsonPath(widget, '.spec.replicas')).toBe(3)
    expect(simpleJsonPath(widget, '{.spec.replicas}')).toBe(3)
    expect(simpleJsonPath(widget, 'spec.replicas')).toBe(3)
    expect(simpleJsonPath(widget, '.status.items[1].name')).toBe('second')
    expect(simpleJsonPath(widget, '.spec.suspended')).toBe(false)
  })

  it('is undefined for a missing or null step, an index out of range, or a path it cannot read', () => {
    expect(simpleJsonPath(widget, '.spec.missing.deeper')).toBeUndefined()
    expect(simpleJsonPath(widget, '.status.conditions')).toBeUndefined()
    expect(simpleJsonPath(widget, '.status.items[5].name')).toBeUndefined()
    expect(simpleJsonPath(widget, '.status.items[*].name')).toBeUndefined()
  })
})

describe('customResourcePrinter', () => {
  it('prints Name, then the columns: dates as ages, objects as JSON, missing values as null', () => {
    const printer = customResourcePrinter([
      {name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas'},
      {name: 'Selector', type: 'string', jsonPath: '.spec.selector', priority: 1, description: 'what it selects'},
      {name: 'Phase', type: 'string', jsonPath: '.status.phase'},
      ...DEFAULT_PRINTER_COLUMNS,
    ])
    expect(printer.columns.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0],
      ['Replicas', 'integer', 0],
      ['Selector', 'string', 1],
      ['Phase', 'string', 0],
      ['Age', 'date', 0],
    ])
    expect(printer.columns[2]!.description).toBe('what it selects')
    expect(printer.cells(widget, Date.parse('2026-01-01T12:00:00Z'))).toEqual(['gear', 3, '{"app":"gear"}', null, '60m'])
  })
})
