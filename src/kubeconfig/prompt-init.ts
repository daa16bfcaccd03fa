import {readdirSync, realpathSync, unlinkSync} from 'node:fs'
import {basename, join} from 'node:path'
import type {CtxRun} from './ctx-run.js'
import {privateRoot} from './private-files.js'

/**
 * `eval "$(kubectl ctx --prompt-init bash|zsh)"`: shell code that keeps the prompt segment in
 * $KUBEKIT_PS1 and recomputes it only when it may have changed, as kube-ps1 does
 * (_kube_ps1_prompt_update): when KUBECONFIG, the set of readable kubeconfig files or a
 * KUBE_PS1_* variable changed, or a kubeconfig file was modified since the last computation.
 * "Modified" is the shell's own test (`! FILE -ot STAMP`, a stat, no process started) against
 * a per-shell stamp file touched (`: > STAMP`, no process either) just before each computation,
 * so a change made while the segment is computed is caught on the next prompt. Between
 * changes a prompt costs a few stats; kubectl-ctx runs only after a change.
 */
export type InitShell = 'bash' | 'zsh'

function quote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`
}

/** How the shell should run `kubectl-ctx --prompt`: node and the launcher directly (no kubectl in between). */
function promptCommand(shell: InitShell): string {
  const launcher = process.argv[1]
  let resolved: string | undefined
  try {
    resolved = launcher ? realpathSync(launcher) : undefined
  } catch {
    resolved = undefined
  }
  if (resolved && basename(resolved) === 'kubectl-ctx') return `${quote(process.execPath)} ${quote(resolved)} --prompt ${shell}`
  return `kubectl ctx --prompt ${shell}`
}

/** Stamp files of shells that are gone (their pid is not running) are removed at each init. */
function removeStaleStamps(dir: string): void {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) {
    const pid = /^prompt-(\d+)$/.exec(name)?.[1]
    if (!pid || isAlive(Number(pid))) continue
    try {
      unlinkSync(join(dir, name))
    } catch {
      /* another shell removed it */
    }
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * The part both shells share: the key gains each readable kubeconfig file, a file modified since
 * the stamp marks a change; on a change (or a new key) the stamp is touched and the key kept.
 */
const changeCheck = `  for f in "\${files[@]}"; do
    [[ -r $f ]] && key+=":$f"
    [[ -e $f && ! $f -ot $_kubekit_ps1_stamp ]] && changed=1
  done
  if [[ -n $changed || $key != "$_kubekit_ps1_key" || ! -e $_kubekit_ps1_stamp ]]; then
    { : >"$_kubekit_ps1_stamp"; } 2>/dev/null
    _kubekit_ps1_key=$key
`

const bashBody = (stamp: string, command: string) => `# kubekit prompt segment for bash: eval "$(kubectl ctx --prompt-init bash)", then use \${KUBEKIT_PS1} in PS1
_kubekit_ps1_stamp=${stamp}/prompt-$$
_kubekit_ps1_key=
KUBEKIT_PS1=
_kubekit_ps1_update() {
  local rc=$? f v key changed= files settings
  key="\${KUBECONFIG-}|\${NO_COLOR-}"
  settings=(\${!KUBE_PS1_@})
  for v in "\${settings[@]}"; do key+="|$v=\${!v}"; done
  IFS=: read -r -a files <<<"\${KUBECONFIG:-$HOME/.kube/config}"
${changeCheck}    # kube-ps1's settings are often plain shell variables: hand them to kubectl-ctx.
    KUBEKIT_PS1=$( ((\${#settings[@]})) && export "\${settings[@]}"; ${command} 2>/dev/null)
  fi
  return $rc
}
kubekit_ps1() { printf '%s' "$KUBEKIT_PS1"; }
[[ \${PROMPT_COMMAND-} == *_kubekit_ps1_update* ]] || PROMPT_COMMAND="_kubekit_ps1_update;\${PROMPT_COMMAND:-:}"
`

const zshBody = (stamp: string, command: string) => `# kubekit prompt segment for zsh: eval "$(kubectl ctx --prompt-init zsh)", then use \${KUBEKIT_PS1} in PROMPT
_kubekit_ps1_stamp=${stamp}/prompt-$$
_kubekit_ps1_key=
KUBEKIT_PS1=
_kubekit_ps1_update() {
  local rc=$? f v key changed=
  local -a files settings
  key="\${KUBECONFIG-}|\${NO_COLOR-}"
  settings=(\${(ko)parameters[(I)KUBE_PS1_*]})
  for v in $settings; do key+="|$v=\${(P)v}"; done
  files=("\${(@s.:.)\${KUBECONFIG:-$HOME/.kube/config}}")
${changeCheck}    KUBEKIT_PS1=$( (($#settings)) && export $settings; ${command} 2>/dev/null)
  fi
  return $rc
}
kubekit_ps1() { print -rn -- "$KUBEKIT_PS1"; }
setopt PROMPT_SUBST
autoload -Uz add-zsh-hook
add-zsh-hook precmd _kubekit_ps1_update
`

export function promptInitScript(run: CtxRun, shell: InitShell): string {
  let stampDir: string
  try {
    stampDir = privateRoot(run.io.env)
    removeStaleStamps(stampDir)
  } catch {
    // No private directory: the stamp cannot be written, so every prompt recomputes (correct, slower).
    stampDir = '/nonexistent'
  }
  const command = promptCommand(shell)
  return shell === 'bash' ? bashBody(quote(stampDir), command) : zshBody(quote(stampDir), command)
}
