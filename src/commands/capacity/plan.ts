import {UserError} from '../../cli/base-command.js'
import {KubeCommand} from '../../cli/kube-command.js'

export default class CapacityPlan extends KubeCommand {
  static override summary = 'Plan cluster capacity from services x replicas x spec x redundancy.'
  static override strict = false

  async run(): Promise<void> {
    await this.parse(CapacityPlan)
    throw new UserError('`kubectl capacity plan` is not implemented yet')
  }
}
