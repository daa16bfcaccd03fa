// `npm run bench [-- CASE...]`: runs bench/cases/<case>.mjs (all of them by default), each
// comparing kubekit with a named peer side by side in one hyperfine run, and rewrites that
// case's section of bench/RESULTS.md (other sections are kept as they were).
import {execFileSync, spawn} from 'node:child_process'
import {mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync} from 'node:fs'
import {cpus, totalmem, tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const resultsPath = join(root, 'bench', 'RESULTS.md')
const casesDir = join(root, 'bench', 'cases')

function machineLine() {
  const cpu = cpus()[0]?.model?.trim() ?? 'unknown cpu'
  const kubectl = safe(() => execFileSync('kubectl', ['version', '--client', '-o', 'json'], {encoding: 'utf8'}))
  const kubectlVersion = kubectl ? JSON.parse(kubectl).clientVersion?.gitVersion : 'absent'
  const hyperfine = safe(() => execFileSync('hyperfine', ['--version'], {encoding: 'utf8'}).trim()) ?? 'node harness'
  return `${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, kubectl ${kubectlVersion}, ${hyperfine}, ${new Date().toISOString().slice(0, 10)}`
}

function safe(fn) {
  try {
    return fn()
  } catch {
    return undefined
  }
}

const ms = (seconds) => `${(seconds * 1000).toFixed(1)} ms`

/** One hyperfine run over all commands; returns rows with median/mean/stddev in seconds. */
function hyperfine(commands, {env, runs = 20, warmup = 3, prepare}) {
  const out = join(tmpdir(), `kubekit-bench-${process.pid}-${Date.now()}.json`)
  const args = ['-N', '--style', 'none', '--warmup', String(warmup), '--runs', String(runs), '--export-json', out]
  if (prepare) args.push('--prepare', prepare)
  for (const command of commands) args.push('--command-name', command.name, command.cmd)
  const shellNeeded = commands.some((c) => /[|><&;$]/.test(c.cmd))
  if (shellNeeded) args.splice(args.indexOf('-N'), 1)
  execFileSync('hyperfine', args, {env: {...process.env, ...env}, stdio: ['ignore', 'ignore', 'inherit']})
  const json = JSON.parse(readFileSync(out, 'utf8'))
  rmSync(out, {force: true})
  return json.results.map((r, i) => ({name: commands[i].name, median: r.median, mean: r.mean, stddev: r.stddev ?? 0, runs: r.times.length}))
}

/** Stops a child process and resolves once it has exited. */
function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.removeAllListeners('exit')
    child.once('exit', resolve)
    child.kill('SIGTERM')
  })
}

/**
 * Starts `kubekit sandbox start ARGS...` and resolves at its ready line, with how long start-up
 * took and a stop() function. Every sandbox a case starts is stopped when the case ends.
 */
function startSandbox(args, running) {
  const started = process.hrtime.bigint()
  const child = spawn(process.execPath, [join(root, 'bin', 'kubekit'), 'sandbox', 'start', ...args], {stdio: ['ignore', 'pipe', 'inherit']})
  running.add(child)
  return new Promise((resolve, reject) => {
    let out = ''
    child.on('error', reject)
    child.on('exit', (code) => reject(new Error(`kubekit sandbox start ${args.join(' ')} exited with ${code} before it was ready`)))
    child.stdout.setEncoding('utf8').on('data', (data) => {
      out += data
      if (!out.includes('\n')) return
      resolve({
        line: out.trim(),
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        stop: () => {
          running.delete(child)
          return stopProcess(child)
        },
      })
    })
  })
}

async function runCase(file) {
  const mod = await import(pathToFileURL(join(casesDir, file)).href)
  const name = file.replace(/\.mjs$/, '')
  const lines = [`<!-- bench:${name} -->`, `## ${mod.title ?? name}`, '']
  const tmp = mkdtempSync(join(tmpdir(), `kubekit-bench-${name}-`))
  const sandboxes = new Set()
  const bench = {
    root,
    tmp,
    env: {...process.env},
    bin: (binary) => join(root, 'bin', binary),
    note: (text) => lines.push(text, ''),
    startSandbox: (args) => startSandbox(args, sandboxes),
    async compare(label, commands, options = {}) {
      process.stderr.write(`bench ${name}: ${label}\n`)
      const rows = hyperfine(commands, options)
      const ours = rows[0]
      lines.push(`### ${label}`, '', '| command | median | mean ± σ | runs | ratio to kubekit |', '|---|---:|---:|---:|---:|')
      for (const row of rows) {
        lines.push(`| ${row.name} | ${ms(row.median)} | ${ms(row.mean)} ± ${ms(row.stddev)} | ${row.runs} | ${(row.median / ours.median).toFixed(2)}× |`)
      }
      lines.push('')
      return rows
    },
  }
  try {
    await mod.default(bench)
  } finally {
    await Promise.all([...sandboxes].map(stopProcess))
    rmSync(tmp, {recursive: true, force: true})
  }
  lines.push(`<!-- /bench:${name} -->`)
  return {name, text: lines.join('\n')}
}

function writeSection(results, name, text) {
  const pattern = new RegExp(`<!-- bench:${name} -->[\\s\\S]*?<!-- /bench:${name} -->`)
  return pattern.test(results) ? results.replace(pattern, () => text) : `${results.trimEnd()}\n\n${text}\n`
}

const wanted = process.argv.slice(2)
const available = readdirSync(casesDir).filter((f) => f.endsWith('.mjs')).sort()
const selected = wanted.length ? wanted.map((w) => `${w.replace(/\.mjs$/, '')}.mjs`) : available
for (const file of selected) {
  if (!available.includes(file)) {
    process.stderr.write(`error: no bench case ${file} (have: ${available.join(', ')})\n`)
    process.exit(1)
  }
}
const preamble =
  '# Benchmarks\n\nProduced by `npm run bench`; each section is rewritten when its case runs. Ratios are median wall time relative to kubekit\'s row (above 1× means the peer is slower).\n'
for (const file of selected) {
  const {name, text} = await runCase(file)
  const stamped = text.replace(/^(## .*\n)/m, `$1\nMachine: ${machineLine()}\n`)
  // Read the file again just before writing: another case (or another bench run) may have
  // rewritten its own section meanwhile, and that section must survive.
  const current = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8') : preamble
  writeFileSync(resultsPath, writeSection(current, name, stamped))
  process.stderr.write(`bench ${name}: written to bench/RESULTS.md\n`)
}
