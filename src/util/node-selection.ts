/**
 * Kubernetes' own rules for which nodes a pod may use, as pure functions: tolerations against
 * taints, and node selector requirements. The sandbox's scheduler and diagnose's scheduling rule
 * both follow them, so they are written once.
 */

export interface Toleration {
  key?: string
  operator?: string
  value?: string
  effect?: string
  tolerationSeconds?: number
}

export interface Taint {
  key: string
  value?: string
  effect: string
  timeAdded?: string
}

export interface NodeSelectorRequirement {
  key: string
  operator: string
  values?: string[]
}

/** A taint as kubectl writes it: `key[=value]:effect`. */
export function taintText(taint: Pick<Taint, 'key' | 'effect'> & {value?: string | undefined}): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`
}

/** Whether one of the tolerations tolerates the taint (v1helper.TolerationsTolerateTaint). */
export function tolerates(tolerations: readonly Toleration[] | undefined, taint: Pick<Taint, 'key' | 'effect'> & {value?: string | undefined}): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false
    if (t.key === undefined || t.key === '') return t.operator === 'Exists'
    if (t.key !== taint.key) return false
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '')
  })
}

/** Whether a label's (or field's) value meets a node selector requirement; undefined = absent. */
export function requirementMatches(requirement: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = requirement.values ?? []
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && values.includes(value)
    case 'NotIn':
      return value === undefined || !values.includes(value)
    case 'Exists':
      return value !== undefined
    case 'DoesNotExist':
      return value === undefined
    case 'Gt':
      return value !== undefined && Number(value) > Number(values[0])
    case 'Lt':
      return value !== undefined && Number(value) < Number(values[0])
    default:
      return false
  }
}
