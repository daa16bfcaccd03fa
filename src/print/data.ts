import type * as Yaml from 'yaml'

type YamlModule = typeof Yaml

export type DataFormat = 'json' | 'yaml'

/**
 * Serialises a command's typed result for `-o json|yaml`. The YAML library loads only when
 * YAML is asked for, so it costs nothing at every command's start-up.
 */
export async function formatData(value: unknown, format: DataFormat): Promise<string> {
  if (format === 'json') return JSON.stringify(value, null, 2) + '\n'
  // yaml is CommonJS and also required elsewhere in the bundle, so a dynamic import may
  // expose it only as `default`.
  const yaml = (await import('yaml')) as YamlModule & {default?: YamlModule}
  const stringify = yaml.stringify ?? yaml.default!.stringify
  return stringify(value, {lineWidth: 0})
}
