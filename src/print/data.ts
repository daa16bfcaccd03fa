import {stringify as yamlStringify} from 'yaml'

export type DataFormat = 'json' | 'yaml'

/** Serialises a command's typed result for `-o json|yaml`. */
export function formatData(value: unknown, format: DataFormat): string {
  if (format === 'json') return JSON.stringify(value, null, 2) + '\n'
  return yamlStringify(value, {lineWidth: 0})
}
