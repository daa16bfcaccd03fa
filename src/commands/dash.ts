import {Flags} from '@oclif/core'
import {UserError} from '../cli/base-command.js'
import {connectionOptions, KubeCommand} from '../cli/kube-command.js'

export default class Dash extends KubeCommand {
  static override summary = 'An interactive terminal dashboard over diagnose, tail, ctx and capacity.'
  static override description = `A k9s-style view of the cluster: the live pod list (one namespace or all of them) with READY, STATUS, RESTARTS and AGE, failing pods marked; on the selected pod, its diagnosis (the root cause, evidence and remedy of kubectl diagnose) and its logs, followed (as kubectl tail does); quick switches of context and namespace (for the dash only: your kubeconfig is not changed); and the cluster's capacity (kubectl capacity show). Press ? for every key.

It needs an interactive terminal on stdin and stdout; for scripts use kubectl diagnose, kubectl tail and kubectl capacity show.`

  static override examples = [
    {description: "Pods of the context's namespace", command: '<%= config.bin %> dash'},
    {description: 'Pods of every namespace', command: '<%= config.bin %> dash -A'},
    {description: 'Another context and namespace', command: '<%= config.bin %> dash --context kubekit-sandbox -n payments'},
  ]

  static override flags = {
    'all-namespaces': Flags.boolean({char: 'A', description: 'Start with the pods of every namespace (toggle with a).'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Dash)
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      throw new UserError('kubectl dash needs an interactive terminal; use kubectl diagnose/tail/capacity show for scripts')
    }
    // ink draws only the final frame when it believes it runs in CI (CI or CONTINUOUS_INTEGRATION
    // set); with a terminal on both ends the dash is interactive whatever the environment says.
    // ink reads these once, when it loads, which is just below.
    delete process.env.CI
    delete process.env.CONTINUOUS_INTEGRATION
    const {runDash} = await import('../ui/dash/run.js')
    await runDash({connection: connectionOptions(flags), allNamespaces: flags['all-namespaces'], colour: this.colour(flags)})
  }
}
