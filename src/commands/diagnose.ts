import {Args} from '@oclif/core'
import {UserError} from '../cli/base-command.js'
import {KubeCommand, outputFlag} from '../cli/kube-command.js'
import {parseTarget} from '../diagnose/target.js'

export default class Diagnose extends KubeCommand {
  static override summary = 'Name the root cause of a failing pod, deployment, node, service or namespace.'
  static override description = 'Reads the object, its events and its logs, and says what is wrong, with the evidence and the remedy.'
  static override usage = '<%= command.id %> KIND [NAME] [-n NAMESPACE] [-o text|json|yaml] [kubectl flags]'
  static override examples = [
    '<%= config.bin %> diagnose pod web-7d4b9c-x2x5q -n shop',
    '<%= config.bin %> diagnose pod/web-7d4b9c-x2x5q',
    '<%= config.bin %> diagnose node worker-3 -o json',
  ]

  static override args = {
    kind: Args.string({description: 'pod|deployment|node|service|namespace, or KIND/NAME', required: true}),
    name: Args.string({description: 'name of the object'}),
  }

  static override flags = {
    output: outputFlag(['text', 'json', 'yaml'] as const, 'text'),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Diagnose)
    const target = parseTarget(args.kind, args.name)
    const client = await this.connect(flags)
    // Fetching the object proves the connection, credentials and name before any rule runs.
    await client.get(target.resource, target.name, client.namespaceFor(target.resource))
    throw new UserError(`the diagnosis rules for ${target.resource} are not implemented yet (the ${target.resource} "${target.name}" exists)`)
  }
}
