import {UserError} from '../cli/base-command.js'
import {KubeCommand} from '../cli/kube-command.js'

export default class Ns extends KubeCommand {
  static override summary = 'List and switch namespaces (kubens-compatible).'
  static override strict = false

  async run(): Promise<void> {
    await this.parse(Ns)
    throw new UserError('`kubectl ns` is not implemented yet')
  }
}
