import {UserError} from '../cli/base-command.js'
import {KubeCommand} from '../cli/kube-command.js'

export default class Dash extends KubeCommand {
  static override summary = 'An interactive terminal dashboard over diagnose, tail, ctx and capacity.'
  static override strict = false

  async run(): Promise<void> {
    await this.parse(Dash)
    throw new UserError('`kubectl dash` is not implemented yet')
  }
}
