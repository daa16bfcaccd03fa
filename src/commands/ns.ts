import {Args, Flags} from '@oclif/core'
import {KubekitCommand} from '../cli/base-command.js'

export default class Ns extends KubekitCommand {
  static override summary = 'List and switch namespaces (kubens-compatible).'
  static override description = `kubens's grammar and messages: with no argument, the namespaces of the current context's cluster (read page by page; the active one highlighted on a terminal; an interactive fuzzy picker when both ends are a terminal and KUBECTX_IGNORE_FZF is unset). NAME makes NAME the active namespace of the current context after checking that it exists; -f/--force skips the check, for users who may not get or list namespaces (a 403 says so). - goes back to the previous namespace of this context (kept in $XDG_CACHE_HOME/kubens/<context>, else ~/.kube/kubens/<context>, as kubens does); -c prints the active namespace ("default" when the context sets none); -u sets it back to "default".

The namespace is written byte-preserving, atomically and under kubectl's lock to the file that defines the context (see \`ctx\`). Inside a \`kubectl ctx --shell\` session, only that shell's private kubeconfig changes. kubectl's connection flags (--context, --request-timeout, --server, --token, --as, ...) apply to the namespace check and list.`

  static override usage = ['<%= command.id %> [NAME | -] [-f]', '<%= command.id %> -c | -u']

  static override examples = [
    {description: 'List namespaces', command: '<%= config.bin %> ns'},
    {description: 'Make shop the active namespace', command: '<%= config.bin %> ns shop'},
    {description: 'Back to the previous namespace', command: '<%= config.bin %> ns -'},
    {description: 'Switch without the existence check (no rights to get namespaces)', command: '<%= config.bin %> ns payments --force'},
    {description: 'Print the active namespace', command: '<%= config.bin %> ns -c'},
  ]

  static override strict = false

  static override args = {
    name: Args.string({description: 'Namespace to switch to; - for the previous one.', required: false}),
  }

  // Parsed kubens-style by src/kubeconfig/args.ts; declared here for help and the manifest.
  static override flags = {
    force: Flags.boolean({char: 'f', description: 'Switch without checking that the namespace exists.'}),
    current: Flags.boolean({char: 'c', description: 'Print the active namespace.'}),
    unset: Flags.boolean({char: 'u', description: 'Set the active namespace back to "default".'}),
    kubeconfig: Flags.string({description: 'Use this kubeconfig instead of $KUBECONFIG or ~/.kube/config.'}),
    context: Flags.string({description: 'Work on this context instead of the current one.'}),
    'request-timeout': Flags.string({description: 'Limit for the namespace check and list (kubectl\'s --request-timeout).'}),
  }

  async run(): Promise<void> {
    const {main} = await import('../cli/ctx-entry.js')
    const code = await main('ns', this.argv)
    if (code !== 0) this.exit(code)
  }
}
