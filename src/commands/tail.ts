import {UserError} from '../cli/base-command.js'
import {KubeCommand} from '../cli/kube-command.js'

export default class Tail extends KubeCommand {
  static override summary = 'Follow the logs of many pods and containers at once.'
  static override strict = false

  async run(): Promise<void> {
    await this.parse(Tail)
    throw new UserError('`kubectl tail` is not implemented yet')
  }
}
