import type {CompletionShell} from './args.js'

/**
 * Completion. `kubectl ctx <TAB>` is completed by kubectl itself (1.26+), which runs the
 * `kubectl_complete-ctx` / `kubectl_complete-ns` executables on PATH (shipped in bin/) and
 * reads Cobra's `__complete` protocol: one candidate per line, then `:4` (no file names).
 * The scripts below complete the `kubectl-ctx` / `kubectl-ns` commands when typed directly.
 */

/** Cobra's ShellCompDirectiveNoFileComp. */
export const noFileCompletion = ':4'

const ctxFlags = ['-', '-c', '--current', '-d', '-u', '--unset', '-h', '--help', '-V', '--version', '-s', '--shell', '-r', '--readonly', '--export', '--prompt', '--prompt-init', 'import']
const nsFlags = ['-', '-c', '--current', '-u', '--unset', '-f', '--force', '-h', '--help', '-V', '--version']

/** Candidates for the word being typed (`partial`), after `previous` words. */
export function completionCandidates(names: readonly string[], previous: readonly string[], partial: string, plugin: 'ctx' | 'ns'): string[] {
  if (plugin === 'ctx' && previous[0] === 'import') return []
  const takesName = previous.length === 0 || (plugin === 'ctx' && ['-d', '-s', '--shell', '-r', '--readonly', '--export'].includes(previous[0]!)) || (plugin === 'ns' && previous.length === 1 && ['-f', '--force'].includes(previous[0]!))
  if (!takesName) return plugin === 'ns' && previous.length === 1 ? ['--force'].filter((f) => f.startsWith(partial)) : []
  const flags = previous.length === 0 && partial.startsWith('-') ? (plugin === 'ctx' ? ctxFlags : nsFlags) : []
  return [...flags, ...names].filter((candidate) => candidate.startsWith(partial))
}

export function completionScript(shell: CompletionShell): string {
  switch (shell) {
    case 'bash':
      return `# kubekit: completion for kubectl-ctx and kubectl-ns (source it from ~/.bashrc)
# 'kubectl ctx <TAB>' is completed by kubectl itself through kubectl_complete-ctx.
_kubekit_ctx_ns() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local IFS=$'\\n'
  COMPREPLY=($(compgen -W "$("\${COMP_WORDS[0]}" __complete "\${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null | grep -v '^:')" -- "$cur"))
}
complete -F _kubekit_ctx_ns kubectl-ctx kubectl-ns
`
    case 'zsh':
      return `#compdef kubectl-ctx kubectl-ns
# kubekit: completion for kubectl-ctx and kubectl-ns (put it on $fpath as _kubectl-ctx, or source it)
_kubekit_ctx_ns() {
  local -a candidates
  candidates=("\${(@f)$("\${words[1]}" __complete "\${(@)words[2,CURRENT-1]}" "\${words[CURRENT]}" 2>/dev/null | grep -v '^:')}")
  compadd -a candidates
}
compdef _kubekit_ctx_ns kubectl-ctx kubectl-ns
`
    case 'fish':
      return `# kubekit: completion for kubectl-ctx and kubectl-ns (save as ~/.config/fish/completions/kubectl-ctx.fish)
for cmd in kubectl-ctx kubectl-ns
  complete -c $cmd -f -a "($cmd __complete (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null | string match -v ':*')"
end
`
  }
}
