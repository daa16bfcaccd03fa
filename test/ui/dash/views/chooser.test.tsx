/** The context and namespace chooser: the query line, the window of matches around the cursor, marks. */
import {describe, expect, it} from 'vitest'
import {Chooser, type ChooserProps} from '../../../../src/ui/dash/views/chooser.js'
import {frameOf} from '../helpers.js'

const names = Array.from({length: 20}, (_, i) => `ns-${String(i).padStart(2, '0')}`)
const base: ChooserProps = {title: 'Switch namespace', query: 'ns', matches: names, total: 25, cursor: 0, current: 'ns-01', height: 8, width: 40}

const chooser = (props: Partial<ChooserProps> = {}) => frameOf(<Chooser {...base} {...props} />).trimEnd().split('\n')

describe('Chooser', () => {
  it('a title with the keys, the query with its count of matches, then the items; the cursor marked ›, the current one said', () => {
    const [title, query, ...items] = chooser()
    expect(title).toBe('Switch namespace  (type to filter, ↑/↓ move, enter choose, esc cancel)')
    expect(query).toBe('> ns   20/25')
    expect(items.map((item) => item.trimEnd())).toEqual(['› ns-00', '  ns-01  (current)', '  ns-02', '  ns-03', '  ns-04', '  ns-05'])
  })

  it('the window follows the cursor, keeping it in the middle, and stops at the end of the list', () => {
    expect(chooser({cursor: 10}).slice(2).map((item) => item.trim())).toEqual(['ns-07', 'ns-08', 'ns-09', '› ns-10', 'ns-11', 'ns-12'])
    expect(chooser({cursor: 19}).slice(2).map((item) => item.trim())).toEqual(['ns-14', 'ns-15', 'ns-16', 'ns-17', 'ns-18', '› ns-19'])
  })

  it('loading, no match, and an error instead of items', () => {
    expect(chooser({matches: undefined})).toEqual(['Switch namespace  (type to filter, ↑/↓ move, enter choose, esc cancel)', '> ns   loading…'])
    expect(chooser({matches: []}).slice(1)).toEqual(['> ns   0/25', '  no match'])
    expect(chooser({matches: [], error: 'namespaces is forbidden'}).slice(2)).toEqual(['namespaces is forbidden'])
  })

  it('marks follow the item (favourite, recent)', () => {
    const items = chooser({marks: {'ns-00': '★ favourite', 'ns-01': 'recent'}}).slice(2, 4)
    expect(items.map((item) => item.trimEnd())).toEqual(['› ns-00  ★ favourite', '  ns-01  (current)  recent'])
  })

  it('an item is cut to the width', () => {
    const long = 'a-namespace-whose-name-is-longer-than-the-chooser'
    const [item] = chooser({matches: [long], cursor: 0}).slice(2)
    expect(item!.length).toBeLessThanOrEqual(40)
    expect(item!.startsWith('› a-namespace-whose')).toBe(true)
  })
})
