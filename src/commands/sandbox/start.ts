import {UserError} from '../../cli/base-command.js'
import {KubeCommand} from '../../cli/kube-command.js'

export default class SandboxStart extends KubeCommand {
  static override summary = 'Start the local sandbox Kubernetes API server.'
  static override strict = false

  async run(): Promise<void> {
    await this.parse(SandboxStart)
    throw new UserError('`kubectl sandbox start` is not implemented yet')
  }
}
