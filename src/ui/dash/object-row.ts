/** One row of a `:` list (deployments, nodes, ...): its identity and the cells the view shows. */
export interface ObjectRow {
  key: string
  namespace: string
  name: string
  cells: string[]
  failing: boolean
}
