import {Flags} from '@oclif/core'
import type {Interfaces} from '@oclif/core'
import type {KubeClient} from '../kube/client.js'
import type {ConnectionOptions} from '../kube/options.js'
import type {Progress} from '../print/progress.js'
import {readingFromTrace} from '../print/progress.js'
import {redactSecrets} from '../util/redact.js'
import {KubekitCommand} from './base-command.js'

const group = 'KUBECTL'

/**
 * kubectl passes every flag typed after the plugin name through to the plugin, so each
 * command that talks to a cluster accepts kubectl's global connection flags. The ones
 * kubekit has no use for are still accepted (hidden), so they never make a plugin fail.
 */
export const kubectlFlags = {
  kubeconfig: Flags.string({description: 'Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).', helpGroup: group}),
  context: Flags.string({description: 'The kubeconfig context to use.', helpGroup: group}),
  cluster: Flags.string({description: 'The kubeconfig cluster to use.', helpGroup: group}),
  user: Flags.string({description: 'The kubeconfig user to use.', helpGroup: group}),
  namespace: Flags.string({char: 'n', description: "Namespace (default: the context's namespace, else default).", helpGroup: group}),
  'request-timeout': Flags.string({
    description: 'How long to wait for the API server before giving up, e.g. 10s, 1m (0 = no limit).',
    default: '30s',
    helpGroup: group,
  }),
  server: Flags.string({char: 's', description: 'The address of the API server.', helpGroup: group}),
  token: Flags.string({description: 'Bearer token for the API server.', helpGroup: group}),
  'insecure-skip-tls-verify': Flags.boolean({description: "Don't check the server's certificate.", helpGroup: group}),
  'certificate-authority': Flags.string({description: 'Path to a CA certificate file.', helpGroup: group}),
  'client-certificate': Flags.string({description: 'Path to a client certificate file.', helpGroup: group}),
  'client-key': Flags.string({description: 'Path to a client key file.', helpGroup: group}),
  'tls-server-name': Flags.string({description: 'Server name to use for certificate validation.', helpGroup: group}),
  as: Flags.string({description: 'Username to impersonate.', helpGroup: group}),
  // Accepted so that kubectl-style invocations never fail on them; kubekit does not use them.
  'as-group': Flags.string({multiple: true, hidden: true}),
  'as-uid': Flags.string({hidden: true}),
  username: Flags.string({hidden: true}),
  password: Flags.string({hidden: true}),
  'cache-dir': Flags.string({hidden: true}),
  'disable-compression': Flags.boolean({hidden: true}),
  'match-server-version': Flags.boolean({hidden: true}),
  'warnings-as-errors': Flags.boolean({hidden: true}),
  profile: Flags.string({hidden: true}),
  'profile-output': Flags.string({hidden: true}),
  'log-flush-frequency': Flags.string({hidden: true}),
  v: Flags.string({char: 'v', hidden: true, description: 'kubectl log level (accepted, ignored)'}),
}

type KubectlFlagValues = Interfaces.InferredFlags<typeof kubectlFlags>

/** `-o/--output` for commands whose output is data. */
export function outputFlag<const T extends string>(formats: readonly T[], defaultFormat?: T) {
  return Flags.string({
    char: 'o',
    description: `Output format: ${formats.join('|')}.`,
    options: [...formats],
    ...(defaultFormat ? {default: defaultFormat} : {}),
  }) as unknown as Interfaces.OptionFlag<T | undefined>
}

export function connectionOptions(flags: Partial<KubectlFlagValues>): ConnectionOptions {
  return {
    kubeconfig: flags.kubeconfig,
    context: flags.context,
    cluster: flags.cluster,
    user: flags.user,
    namespace: flags.namespace,
    requestTimeout: flags['request-timeout'],
    server: flags.server,
    token: flags.token,
    insecureSkipTlsVerify: flags['insecure-skip-tls-verify'],
    certificateAuthority: flags['certificate-authority'],
    clientCertificate: flags['client-certificate'],
    clientKey: flags['client-key'],
    tlsServerName: flags['tls-server-name'],
    impersonate: flags.as,
  }
}

/** A command that talks to a cluster: kubectl's flags plus a lazily loaded client. */
export abstract class KubeCommand extends KubekitCommand {
  static override baseFlags = {...KubekitCommand.baseFlags, ...kubectlFlags}

  /**
   * Builds the one API client from the kubectl flags; client-node loads only here. With a
   * `progress`, each request the client makes tells it what is being read.
   */
  protected async connect(flags: Partial<KubectlFlagValues>, progress?: Progress): Promise<KubeClient> {
    const {connect} = await import('../kube/client.js')
    const debug = this.debugEnabled ? (line: string) => process.stderr.write(`debug: ${redactSecrets(line)}\n`) : undefined
    const pages = new Map<string, number>()
    const reading = progress
      ? (line: string) => {
          const text = readingFromTrace(line, pages)
          if (text) progress.update(text)
        }
      : undefined
    const trace = debug && reading ? (line: string) => (debug(line), reading(line)) : (debug ?? reading)
    try {
      return await connect(connectionOptions(flags), {trace})
    } catch (error) {
      // A kubeconfig that does not resolve: the error line must not share the line with a spinner.
      progress?.done()
      throw error
    }
  }
}
