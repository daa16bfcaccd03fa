import {UserError} from '../cli/base-command.js'
import {KubeCommand} from '../cli/kube-command.js'

export default class Ctx extends KubeCommand {
  static override summary = 'List, switch, rename and delete kubeconfig contexts (kubectx-compatible).'
  static override strict = false

  async run(): Promise<void> {
    await this.parse(Ctx)
    throw new UserError('`kubectl ctx` is not implemented yet')
  }
}
