import {rmSync} from 'node:fs'
import {constants as osConstants} from 'node:os'
import {dirname} from 'node:path'
import {Flags} from '@oclif/core'
import {KubekitCommand, UserError} from '../../cli/base-command.js'

export default class SandboxStart extends KubekitCommand {
  static override summary = 'Start the local sandbox Kubernetes API server.'
  static override description =
    'Serves a scenario over the Kubernetes REST API (HTTPS with a generated CA, or --http) until SIGINT or SIGTERM (exit 0) or SIGHUP (exit 129). ' +
    'Prints one line, `sandbox ready: <url> kubeconfig=<file>`, once it listens; the kubeconfig (mode 0600) has the context kubekit-sandbox.'
  static override examples = [
    {description: 'The demo cluster (curated failures), on a free port', command: '<%= config.bin %> sandbox start'},
    {description: 'On port 6443, with the kubeconfig where you want it', command: '<%= config.bin %> sandbox start --port 6443 --write-kubeconfig ./sandbox.kubeconfig'},
    {description: 'Your own objects and logs, over plain HTTP', command: '<%= config.bin %> sandbox start --file cluster.yaml --file logs.yaml --http'},
    {description: '2,000 nodes and 60,000 pods, static: no controllers, scheduler or kubelets', command: '<%= config.bin %> sandbox start --scenario scale --no-controllers'},
  ]
  static override flags = {
    scenario: Flags.string({description: 'Built-in scenario: demo, demo-no-metrics, scale or empty (default: demo, or none with --file).'}),
    file: Flags.string({description: 'Scenario file (YAML or JSON with objects and logs); repeatable.', multiple: true}),
    port: Flags.integer({description: 'Port to listen on (default: a free port).', default: 0, min: 0, max: 65535}),
    'write-kubeconfig': Flags.string({description: 'Write the kubeconfig here (default: a temporary file, removed on exit).'}),
    http: Flags.boolean({description: 'Serve plain HTTP instead of HTTPS.'}),
    controllers: Flags.boolean({description: 'Run the controllers, scheduler and simulated kubelets (--no-controllers: a static cluster).', default: true, allowNo: true}),
    'time-scale': Flags.string({description: 'Multiply every simulated delay by this factor (0.1 = ten times faster; default 1).'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(SandboxStart)
    // Listening from the start: a signal before the sandbox is up still stops it and removes its kubeconfig.
    const signals = stopSignals()
    try {
      const {startSandbox, ScenarioError} = await import('../../sandbox/index.js')
      const {CtxError} = await import('../../kubeconfig/errors.js')
      let sandbox
      const what = flags.scenario ?? (flags.file ? flags.file.join(', ') : 'demo')
      const progress = this.progress(`starting the sandbox (${what})`)
      try {
        sandbox = await startSandbox({
          ...(flags.scenario ? {scenario: flags.scenario} : {}),
          ...(flags.file ? {files: flags.file} : {}),
          port: flags.port,
          http: flags.http,
          controllers: flags.controllers ? {timeScale: parseTimeScale(flags['time-scale'])} : false,
          ...(flags['write-kubeconfig'] ? {kubeconfigPath: flags['write-kubeconfig']} : {}),
          // Only on a terminal: then the start yields between its steps, so the spinner turns.
          ...(progress.active ? {onProgress: (text: string) => progress.update(`starting the sandbox (${what}): ${text}`)} : {}),
        })
      } catch (e) {
        if (e instanceof ScenarioError || e instanceof CtxError) throw new UserError(e.message)
        if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UserError(`port ${flags.port} is in use; pick another with --port, or 0 for a free one`)
        throw e
      } finally {
        progress.done()
      }
      if (signals.received === undefined) process.stdout.write(`sandbox ready: ${sandbox.url} kubeconfig=${sandbox.kubeconfigPath}\n`)
      const signal = await signals.first
      // A second signal while stopping (a client holding a watch open) does not wait any longer.
      const temporary = flags['write-kubeconfig'] ? undefined : dirname(sandbox.kubeconfigPath)
      signals.onNext((next) => {
        if (temporary) rmSync(temporary, {recursive: true, force: true})
        process.exit(128 + (osConstants.signals[next] ?? 0))
      })
      await sandbox.stop()
      // SIGINT and SIGTERM are the documented way to stop it (exit 0); SIGHUP means the terminal went away.
      if (signal === 'SIGHUP') process.exitCode = 128 + osConstants.signals.SIGHUP
    } finally {
      signals.dispose()
    }
  }
}

/** --time-scale: a positive number. */
function parseTimeScale(text: string | undefined): number {
  if (text === undefined) return 1
  const scale = Number(text)
  if (!Number.isFinite(scale) || scale <= 0) throw new UserError(`--time-scale must be a positive number (got "${text}")`)
  return scale
}

interface StopSignals {
  /** The first of SIGINT, SIGTERM, SIGHUP. */
  first: Promise<NodeJS.Signals>
  received: NodeJS.Signals | undefined
  /** What to do on any later signal. */
  onNext(handler: (signal: NodeJS.Signals) => void): void
  dispose(): void
}

function stopSignals(): StopSignals {
  const names = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
  let resolveFirst: (signal: NodeJS.Signals) => void = () => {}
  let next: ((signal: NodeJS.Signals) => void) | undefined
  const state: StopSignals = {
    first: new Promise<NodeJS.Signals>((resolve) => (resolveFirst = resolve)),
    received: undefined,
    onNext: (handler) => (next = handler),
    dispose: () => {
      for (const name of names) process.off(name, listener)
    },
  }
  const listener = (signal: NodeJS.Signals) => {
    if (state.received === undefined) {
      state.received = signal
      resolveFirst(signal)
    } else {
      next?.(signal)
    }
  }
  for (const name of names) process.on(name, listener)
  return state
}
