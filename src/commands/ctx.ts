import {Args, Flags} from '@oclif/core'
import {KubekitCommand} from '../cli/base-command.js'

export default class Ctx extends KubekitCommand {
  static override summary = 'List, switch, rename and delete kubeconfig contexts (kubectx-compatible).'
  static override description = `kubectx's grammar and messages, faster than \`kubectl config\`: with no argument, the contexts (natural order, the current one highlighted on a terminal; an interactive fuzzy picker when both ends are a terminal and KUBECTX_IGNORE_FZF is unset); NAME switches, - goes back, NEW=OLD and NEW=. rename, -d NAME... deletes (. = current), -c prints the current context, -u unsets it.

Edits never damage a kubeconfig: only the bytes of the changed value change (comments, key order, quoting and indentation stay), the result is re-parsed and checked before an atomic write (temp file, fsync, rename; mode, owner and symlinks kept), under kubectl's <file>.lock so concurrent kubectl and kubekit edits serialise. With several files in KUBECONFIG, current-context goes to the first file (as kubectl writes it) and a context's edits to the file that defines it. The previous context is kept where kubectx keeps it ($XDG_CACHE_HOME/kubectx, else ~/.kube/kubectx).

Beyond kubectx: \`import FILE [--name NAME]\` merges another kubeconfig in (colliding names are renamed and reported); --shell NAME starts $SHELL with its own private context, --export NAME prints the same for eval; --prompt prints a kube-ps1 segment "(⎈|ctx:ns)" honouring KUBE_PS1_* variables, --prompt-init bash|zsh prints shell code that caches it by the kubeconfig files' mtimes; -r/--readonly NAME starts kubectx's read-only shell; --completion prints a shell completion script (kubectl 1.26+ completes \`kubectl ctx\` through the kubectl_complete-ctx executable).

kubectl's global flags, which kubectl passes on to a plugin (--kubeconfig, --context, -v=6, ...), are accepted anywhere on the line and never taken for a NAME; -s stays --shell here.

Environment: KUBECONFIG (files joined by ':', read merged, the first to define a name wins); KUBECTX_IGNORE_FZF=1 (never open the picker); XDG_CACHE_HOME (where the previous context is kept); KUBE_PS1_* (kube-ps1's settings, honoured by --prompt); KUBEKIT_LOCK_TIMEOUT_MS (how long to wait for another kubectl's <file>.lock, default 60000); KUBECTX_ISOLATED_SHELL=1 (set inside kubectx's isolated shells and -r shells: switching there is refused).`

  static override usage = [
    '<%= command.id %> [NAME | - | NEW_NAME=NAME | NEW_NAME=.]',
    '<%= command.id %> -c | -u | -d NAME...',
    '<%= command.id %> import FILE [--name NAME]',
    '<%= command.id %> -s NAME | --export NAME | -r NAME',
    '<%= command.id %> --prompt [bash|zsh|fish|plain] | --prompt-init bash|zsh | --completion bash|zsh|fish',
  ]

  static override examples = [
    {description: 'List contexts', command: '<%= config.bin %> ctx'},
    {description: 'Switch to the context prod', command: '<%= config.bin %> ctx prod'},
    {description: 'Back to the previous context', command: '<%= config.bin %> ctx -'},
    {description: 'Rename the current context', command: '<%= config.bin %> ctx sandbox=.'},
    {description: 'Delete a context (its cluster and user stay)', command: '<%= config.bin %> ctx -d staging'},
    {description: 'Merge a kubeadm admin.conf in under a name of your choice', command: '<%= config.bin %> ctx import ./admin.conf --name lab'},
    {description: 'A context for this terminal only', command: 'eval "$(<%= config.bin %> ctx --export prod)"'},
    {description: 'kube-ps1 style prompt in bash, recomputed only when the kubeconfig changes', command: 'eval "$(<%= config.bin %> ctx --prompt-init bash)"; PS1=\'${KUBEKIT_PS1} \\$ \''},
    {description: 'A read-only shell on prod', command: '<%= config.bin %> ctx -r prod'},
  ]

  static override strict = false

  static override args = {
    name: Args.string({description: 'Context to switch to; - for the previous one; NEW=OLD or NEW=. to rename.', required: false}),
  }

  // Parsed kubectx-style by src/kubeconfig/args.ts; declared here for help and the manifest.
  static override flags = {
    current: Flags.boolean({char: 'c', description: 'Print the current context.'}),
    unset: Flags.boolean({char: 'u', description: 'Unset the current context.'}),
    delete: Flags.boolean({char: 'd', description: "Delete the named contexts ('.' = the current one); clusters and users stay."}),
    shell: Flags.string({char: 's', description: 'Start $SHELL with this context, private to that shell.'}),
    export: Flags.string({description: 'Print `export` lines giving this shell its own context: eval "$(kubectl ctx --export NAME)".'}),
    readonly: Flags.string({char: 'r', description: "Start $SHELL with this context in read-only mode (kubectx's -r): a local proxy lets only reads and dry runs through."}),
    prompt: Flags.string({description: 'Print a kube-ps1 style segment for a prompt.', options: ['bash', 'zsh', 'fish', 'plain']}),
    'prompt-init': Flags.string({description: 'Print shell code for eval that keeps the prompt segment in $KUBEKIT_PS1, recomputed only when a kubeconfig changes.', options: ['bash', 'zsh']}),
    completion: Flags.string({description: 'Print a completion script.', options: ['bash', 'zsh', 'fish']}),
    kubeconfig: Flags.string({description: 'Use this kubeconfig instead of $KUBECONFIG or ~/.kube/config.'}),
  }

  async run(): Promise<void> {
    const {main} = await import('../cli/ctx-entry.js')
    const code = await main('ctx', this.argv)
    if (code !== 0) this.exit(code)
  }
}
