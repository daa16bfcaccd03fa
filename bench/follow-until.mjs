// `node bench/follow-until.mjs [--report-peak] TOTAL COMMAND`: runs COMMAND (exec'd by sh, so
// it is the child itself), counts the lines it prints, and stops it once TOTAL lines have
// arrived; exits 0 then, 1 if it ended before. With --report-peak it prints the peak resident
// memory of the command's processes (VmHWM summed over its process group, sampled from /proc
// every 100 ms and just before stopping it) on stderr as `peak-kib N`.
// A following command never ends by itself, and `| head` cannot stop it: it only notices the
// closed pipe when it writes again, which a follower that has printed everything never does.
import {spawn} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'

const args = process.argv.slice(2)
const reportPeak = args[0] === '--report-peak'
if (reportPeak) args.shift()
const [total, command] = [Number(args[0]), args[1]]
const child = spawn('sh', ['-c', `exec ${command}`], {stdio: ['ignore', 'pipe', 'ignore'], detached: true})
let lines = 0

/**
 * The peak memory of the command's processes: it runs in its own process group, and a launcher
 * (kubectl here may be a dispatcher that starts the real binary) can leave the work to a child.
 */
function peakKib(group) {
  let total = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2])
      if (pgrp !== group) continue
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))
      if (match) total += Number(match[1])
    } catch {
      // gone meanwhile
    }
  }
  return total
}

// Sampled while it runs (a follower whose streams end may exit before the last line is counted).
let peak = 0
const sampler = reportPeak ? setInterval(() => (peak = Math.max(peak, peakKib(child.pid))), 100) : undefined

function finish(code) {
  clearInterval(sampler)
  if (reportPeak) process.stderr.write(`peak-kib ${Math.max(peak, code === 0 ? peakKib(child.pid) : 0)}\n`)
  process.exit(code)
}

child.stdout.on('data', (chunk) => {
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++
  if (lines >= total) {
    if (reportPeak) peak = Math.max(peak, peakKib(child.pid))
    process.kill(-child.pid, 'SIGTERM')
    finish(0)
  }
})
child.on('exit', () => finish(lines >= total ? 0 : 1))
