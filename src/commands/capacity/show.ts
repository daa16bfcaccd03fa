import {UserError} from '../../cli/base-command.js'
import {KubeCommand} from '../../cli/kube-command.js'

export default class CapacityShow extends KubeCommand {
  static override summary = 'Show requests, limits and allocatable of a live cluster.'
  static override strict = false

  async run(): Promise<void> {
    await this.parse(CapacityShow)
    throw new UserError('`kubectl capacity show` is not implemented yet')
  }
}
