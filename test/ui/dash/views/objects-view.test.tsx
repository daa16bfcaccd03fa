/** The list of one kind opened with `:`: its columns, the window of rows, the marks, and its states. */
import {describe, expect, it} from 'vitest'
import {kindFor, type KindSpec, type ObjectRow} from '../../../../src/ui/dash/kinds.js'
import {objectColumns, ObjectsView, type ObjectsViewProps} from '../../../../src/ui/dash/views/objects-view.js'
import {frameOf} from '../helpers.js'

const deployments = kindFor('deploy') as KindSpec
const nodes = kindFor('nodes') as KindSpec
const row = (namespace: string, name: string, ready: string, failing = false): ObjectRow => ({key: `${namespace}/${name}`, namespace, name, cells: [ready, ready, ready.split('/')[0]!, '2d'], failing})
const rows = [row('shop', 'checkout', '0/1', true), row('shop', 'web', '3/3'), row('payments', 'gateway', '1/1')]
const base: ObjectsViewProps = {kind: deployments, rows, state: 'ready', where: 'all namespaces', showNamespace: true, cursor: 1, offset: 0, height: 10, width: 80}

const view = (props: Partial<ObjectsViewProps> = {}) => frameOf(<ObjectsView {...base} {...props} />).trimEnd().split('\n').map((line) => line.trimEnd())

describe('ObjectsView', () => {
  it('the title with the count of unwell rows, the columns, > on the selected row and ! on an unwell one', () => {
    expect(view()).toEqual([
      'Deployments in all namespaces  3, 1 unwell',
      '   NAMESPACE  NAME      READY  UP-TO-DATE  AVAILABLE  AGE',
      ' ! shop       checkout  0/1    0/1         0          2d',
      '>  shop       web       3/3    3/3         3          2d',
      '   payments   gateway   1/1    1/1         1          2d',
    ])
  })

  it('one namespace: no NAMESPACE column; a cluster-scoped kind says no namespace', () => {
    expect(view({showNamespace: false, where: 'shop'}).slice(0, 2)).toEqual(['Deployments in shop  3, 1 unwell', '   NAME      READY  UP-TO-DATE  AVAILABLE  AGE'])
    expect(view({kind: nodes, rows: [], showNamespace: false})[0]).toBe('Nodes   0, 0 unwell')
  })

  it('only the rows from the offset that fit the height', () => {
    const lines = view({offset: 1, height: 3})
    expect(lines).toHaveLength(3)
    expect(lines[2]).toMatch(/^> {2}shop\s+web/)
  })

  it('listing, an empty list, and a failed list', () => {
    expect(view({state: 'loading', rows: []})[0]).toBe('Deployments in all namespaces  listing…')
    expect(view({rows: []})[2]).toBe('   no deployments in all namespaces')
    expect(view({state: 'failed', rows: [], error: 'deployments.apps is forbidden'})[2]).toBe('   cannot list deployments: deployments.apps is forbidden')
  })
})

describe('objectColumns', () => {
  it('each column as wide as its widest cell; the last one takes what is left', () => {
    const widths = objectColumns(['NAMESPACE', 'NAME', ...deployments.columns], rows, true, 80)
    expect(widths).toEqual([9, 8, 5, 10, 9, 26])
    // The marker column (3) and two spaces between columns: the row fills the width.
    expect(3 + widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1)).toBe(80)
  })

  it('on a narrow width a column gets at most half of the room left, at least 8', () => {
    const long = [row('a-long-namespace-name', 'a-deployment-with-a-long-name', '1/1')]
    const widths = objectColumns(['NAMESPACE', 'NAME', ...deployments.columns], long, true, 40)
    // 27 columns of room: NAMESPACE gets half (13), NAME half of the rest but no less than 8.
    expect(widths.slice(0, 2)).toEqual([13, 8])
  })
})
