import packageJson from '../../package.json' with {type: 'json'}

// The version line every kubekit command prints (src/cli/entry.ts VERSION_LINE), here without loading the CLI.
export const version = `kubekit ${packageJson.version}`

export function ctxHelp(self: string): string {
  return `USAGE:
  ${self}                       : list the contexts (interactive picker on a terminal)
  ${self} <NAME>                : switch to context <NAME>
  ${self} -                     : switch to the previous context
  ${self} -c, --current         : show the current context name
  ${self} <NEW_NAME>=<NAME>     : rename context <NAME> to <NEW_NAME>
  ${self} <NEW_NAME>=.          : rename the current context to <NEW_NAME>
  ${self} -u, --unset           : unset the current context
  ${self} -d <NAME> [<NAME...>] : delete context <NAME> ('.' for the current context)
                                  (this removes the context entry only; its cluster and user stay)
  ${self} import FILE [--name NAME]
                                : merge the clusters, users and contexts of FILE in; names that
                                  collide are renamed (and reported), never overwritten
  ${self} -s, --shell <NAME>    : start $SHELL with <NAME> as its own context; switching in there
                                  leaves other terminals alone
  ${self} --export <NAME>       : the same for the current shell: eval "$(${self} --export NAME)"
  ${self} -r, --readonly <NAME> : start $SHELL with <NAME> in read-only mode (kubectx's -r): kubectl
                                  there can get, list, watch and dry-run, nothing else
  ${self} --prompt [bash|zsh|fish|plain]
                                : print a kube-ps1 style "(⎈|ctx:ns)" prompt segment
  ${self} --prompt-init bash|zsh
                                : print shell code for eval that keeps the segment in $KUBEKIT_PS1,
                                  recomputed only when a kubeconfig file changes
  ${self} --completion bash|zsh|fish
                                : print a shell completion script

  ${self} -h, --help            : show this message
  ${self} -V, --version         : show the version

OPTIONS (anywhere on the line):
  --kubeconfig FILE             : use FILE instead of $KUBECONFIG or ~/.kube/config
  --no-color                    : no colour (also NO_COLOR=1; colour is used only on a terminal)
  kubectl's global flags (kubectl options), which kubectl passes on, are accepted and never
  taken for a NAME; -s stays --shell here.

ENVIRONMENT:
  KUBECONFIG                    : kubeconfig files joined by ':'; read merged (first wins)
  KUBECTX_IGNORE_FZF=1          : never open the interactive picker
  XDG_CACHE_HOME                : where the previous context is kept (else ~/.kube), as kubectx does
  KUBE_PS1_*                    : kube-ps1's settings, honoured by --prompt
  KUBEKIT_LOCK_TIMEOUT_MS       : how long to wait for another kubectl's <file>.lock (default 60000)
  KUBECTX_ISOLATED_SHELL=1      : set inside kubectx's (and -r's) shells: switching is refused
`
}

export function nsHelp(self: string): string {
  return `USAGE:
  ${self}                    : list the namespaces in the current context (picker on a terminal)
  ${self} <NAME>             : change the active namespace of the current context
  ${self} <NAME> --force/-f  : change it without checking that the namespace exists
                               (for users who may not get or list namespaces)
  ${self} -                  : switch to the previous namespace in this context
  ${self} -c, --current      : show the current namespace
  ${self} -u, --unset        : set the active namespace back to "default"
  ${self} -h, --help         : show this message
  ${self} -V, --version      : show the version

OPTIONS (anywhere on the line):
  --kubeconfig FILE          : use FILE instead of $KUBECONFIG or ~/.kube/config
  --context NAME             : work on context NAME instead of the current one
  --request-timeout 5s       : limit for the namespace check and list (also kubectl's other
                               connection flags: --server/-s, --token, --as, --cluster, --user, ...)
  --no-color                 : no colour (also NO_COLOR=1)
`
}
