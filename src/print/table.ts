import {stripAnsi} from './colour.js'

export type Align = 'left' | 'right'

export interface Column<Row> {
  header: string
  value: (row: Row) => string
  align?: Align
}

/**
 * A kubectl-style table: upper-case headers, columns separated by three spaces,
 * no trailing spaces. Cell text may carry colour; widths ignore the escape codes.
 */
export function renderTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)))
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((line) => stripAnsi(line[i]!).length)),
  )
  const format = (line: readonly string[]) =>
    line
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i]! - stripAnsi(cell).length)
        const last = i === line.length - 1
        return columns[i]!.align === 'right' ? pad + cell : last ? cell : cell + pad
      })
      .join('   ')
      .trimEnd()
  return [format(columns.map((c) => c.header.toUpperCase())), ...cells.map(format)].join('\n') + '\n'
}
