/**
 * The soak's view of `kubectl dash`: the real launcher (bin/kubectl-dash -A) in a detached tmux
 * session on its own socket, read back with `tmux capture-pane`. What the screen shows is parsed
 * into the header (pod count, connection state) and the pod rows (namespace/name → READY), and
 * compared with the pods the sandbox really stores.
 *
 * Used by tail-soak.ts; tmux calls are asynchronous, so the sandbox (in the same process) keeps
 * serving while the screen is read.
 */
import {execFile} from 'node:child_process'
import {readFile, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {promisify} from 'node:util'

const run = promisify(execFile)

export interface DashScreen {
  header: string
  /** The count in the header ("26 pods"), undefined if the header has none. */
  headerCount: number | undefined
  /** namespace/name → what the row says of the pod, for every pod row on screen. */
  rows: Map<string, PodState>
  text: string
}

/** What a pod row shows of a pod: READY ("2/2") and whether it is marked failing ('!'). */
export interface PodState {
  ready: string
  failing: boolean
}

/** Pods as the sandbox stores them: namespace/name → what their row should show. */
export type PodTruth = Map<string, PodState>

export interface Comparison {
  /** Rows on screen for pods the sandbox no longer has. */
  stale: string[]
  /** Pods the sandbox has that no row shows. */
  missing: string[]
  /** Rows whose READY or failing mark differs from the stored pod's. */
  wrongState: string[]
  /** The header's count differs from the number of stored pods. */
  countWrong: boolean
  live: boolean
}

export const isClean = (c: Comparison) => c.live && !c.countWrong && c.stale.length + c.missing.length + c.wrongState.length === 0

/** A pod row as the dash draws it with NO_COLOR: 2 marker columns ('>' selected, '!' failing), then NAMESPACE NAME READY. */
const rowPattern = /^[ >]([ !]) (\S+)\s+(\S+)\s+(\d+\/\d+)\s/

export function parseScreen(text: string): DashScreen {
  const lines = text.split('\n')
  const header = lines[0] ?? ''
  const count = /\s(\d+) pods\b/.exec(header)
  const rows = new Map<string, PodState>()
  for (const line of lines.slice(1)) {
    const match = rowPattern.exec(line)
    if (match) rows.set(`${match[2]}/${match[3]}`, {ready: match[4]!, failing: match[1] === '!'})
  }
  return {header, headerCount: count ? Number(count[1]) : undefined, rows, text}
}

export function compare(screen: DashScreen, truth: PodTruth): Comparison {
  const stale = [...screen.rows.keys()].filter((key) => !truth.has(key))
  const missing = [...truth.keys()].filter((key) => !screen.rows.has(key))
  const wrongState = [...screen.rows]
    .filter(([key, shown]) => {
      const pod = truth.get(key)
      return pod !== undefined && (pod.ready !== shown.ready || pod.failing !== shown.failing)
    })
    .map(([key]) => key)
  return {stale, missing, wrongState, countWrong: screen.headerCount !== truth.size, live: screen.header.includes('● live')}
}

export class DashSession {
  private readonly socket = `kubekit-soak-${process.pid}`
  private readonly session = 'dash'
  private readonly pidFile: string

  constructor(private readonly dir: string) {
    this.pidFile = join(dir, 'dash.pid')
  }

  private tmux(...args: string[]): Promise<string> {
    return run('tmux', ['-L', this.socket, ...args], {encoding: 'utf8'}).then((result) => result.stdout)
  }

  /** Starts the dash in a columns × rows terminal; resolves with its process id. */
  async start(dashBin: string, args: string[], env: Record<string, string>, size = {columns: 200, rows: 60}): Promise<number> {
    const script = join(this.dir, 'run-dash.sh')
    const exports = Object.entries(env).map(([k, v]) => `export ${k}='${v}'\n`).join('')
    // exec keeps the shell's pid: the launcher runs the dash in its own process.
    await writeFile(script, `${exports}echo $$ > ${this.pidFile}\nexec ${dashBin} ${args.join(' ')}\n`)
    await this.tmux('new-session', '-d', '-s', this.session, '-x', String(size.columns), '-y', String(size.rows), `bash --norc --noprofile ${script}; sleep 600`)
    for (let i = 0; i < 100; i++) {
      const pid = Number((await readFile(this.pidFile, 'utf8').catch(() => '')).trim())
      if (pid > 0) return pid
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error('the dash never started in tmux')
  }

  async screen(): Promise<DashScreen> {
    return parseScreen(await this.tmux('capture-pane', '-p', '-t', this.session))
  }

  async stop(): Promise<void> {
    await this.tmux('send-keys', '-t', this.session, 'q').catch(() => undefined)
    await new Promise((resolve) => setTimeout(resolve, 300))
    await this.tmux('kill-server').catch(() => undefined)
    // tmux leaves its socket file behind.
    await rm(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, this.socket), {force: true})
  }
}
