import {Flags} from '@oclif/core'
import {KubekitCommand, UserError} from '../../cli/base-command.js'

export default class SandboxStart extends KubekitCommand {
  static override summary = 'Start the local sandbox Kubernetes API server.'
  static override description =
    'Serves a scenario over the Kubernetes REST API (HTTPS with a generated CA, or --http) until SIGINT or SIGTERM. ' +
    'Prints one line, `sandbox ready: <url> kubeconfig=<file>`, once it listens; the kubeconfig has the context kubekit-sandbox.'
  static override examples = [
    '<%= config.bin %> sandbox start',
    '<%= config.bin %> sandbox start --scenario scale --port 6443 --write-kubeconfig ./sandbox.kubeconfig',
    '<%= config.bin %> sandbox start --file cluster.yaml --file logs.yaml --http',
  ]
  static override flags = {
    scenario: Flags.string({description: 'Built-in scenario: demo, demo-no-metrics, scale or empty (default: demo, or none with --file).'}),
    file: Flags.string({description: 'Scenario file (YAML or JSON with objects and logs); repeatable.', multiple: true}),
    port: Flags.integer({description: 'Port to listen on (default: a free port).', default: 0, min: 0, max: 65535}),
    'write-kubeconfig': Flags.string({description: 'Write the kubeconfig here (default: a temporary file, removed on exit).'}),
    http: Flags.boolean({description: 'Serve plain HTTP instead of HTTPS.'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(SandboxStart)
    const {startSandbox, ScenarioError} = await import('../../sandbox/index.js')
    let sandbox
    try {
      sandbox = await startSandbox({
        ...(flags.scenario ? {scenario: flags.scenario} : {}),
        ...(flags.file ? {files: flags.file} : {}),
        port: flags.port,
        http: flags.http,
        ...(flags['write-kubeconfig'] ? {kubeconfigPath: flags['write-kubeconfig']} : {}),
      })
    } catch (e) {
      if (e instanceof ScenarioError) throw new UserError(e.message)
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UserError(`port ${flags.port} is in use; pick another with --port, or 0 for a free one`)
      throw e
    }
    process.stdout.write(`sandbox ready: ${sandbox.url} kubeconfig=${sandbox.kubeconfigPath}\n`)
    await new Promise<void>((resolve) => {
      const stop = () => resolve()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    await sandbox.stop()
  }
}
