export type DataFormat = 'json' | 'yaml'

/**
 * Serialises a command's typed result for `-o json|yaml`. The YAML library loads only when
 * YAML is asked for, so it costs nothing at every command's start-up.
 */
export async function formatData(value: unknown, format: DataFormat): Promise<string> {
  if (format === 'json') return JSON.stringify(value, null, 2) + '\n'
  const {stringify} = await import('yaml')
  return stringify(value, {lineWidth: 0})
}
