import {describe, expect, it} from 'vitest'
import {ageColumn, col, labelSelectorText, nameColumn, none, since} from '../../src/sandbox/table-cells.js'

describe('table cells', () => {
  it('define columns as the Table API does', () => {
    expect(col('Ready')).toEqual({name: 'Ready', type: 'string', format: '', description: '', priority: 0})
    expect(col('Restarts', 1, 'integer')).toEqual({name: 'Restarts', type: 'integer', format: '', description: '', priority: 1})
    expect(nameColumn).toMatchObject({name: 'Name', format: 'name', priority: 0})
    expect(ageColumn.description).toMatch(/^CreationTimestamp is a timestamp/)
  })

  it("write ages in kubectl's HumanDuration, <unknown> without a timestamp", () => {
    const now = Date.parse('2026-01-01T12:00:00Z')
    expect(since('2026-01-01T11:59:15Z', now)).toBe('45s')
    expect(since('2026-01-01T11:56:40Z', now)).toBe('3m20s')
    expect(since('2025-12-30T12:00:00Z', now)).toBe('2d')
    expect(since(undefined, now)).toBe('<unknown>')
    expect(since('', now)).toBe('<unknown>')
  })

  it('write <none> for empty values', () => {
    expect(none(undefined)).toBe('<none>')
    expect(none('')).toBe('<none>')
    expect(none('10.0.0.1')).toBe('10.0.0.1')
  })

  it('write a label selector as kubectl does: sorted matchLabels, then expressions', () => {
    expect(labelSelectorText(undefined)).toBe('<none>')
    expect(labelSelectorText({})).toBe('<none>')
    expect(labelSelectorText({matchLabels: {tier: 'front', app: 'web'}})).toBe('app=web,tier=front')
    expect(
      labelSelectorText({
        matchLabels: {app: 'web'},
        matchExpressions: [
          {key: 'env', operator: 'In', values: ['prod', 'staging']},
          {key: 'canary', operator: 'DoesNotExist'},
          {key: 'zone', operator: 'Exists'},
          {key: 'arch', operator: 'NotIn', values: ['arm64']},
        ],
      }),
    ).toBe('app=web,env in (prod,staging),!canary,zone,arch notin (arm64)')
  })
})
