// `node bench/follow-until.mjs [--report-peak] TOTAL COMMAND`: runs COMMAND (exec'd by sh, so
// it is the child itself), counts the lines it prints, and stops it once TOTAL lines have
// arrived; exits 0 then, 1 if it ended before. With --report-peak it prints the command's peak
// resident memory (VmHWM, read from /proc just before stopping it) on stderr as `peak-kib N`.
// A following command never ends by itself, and `| head` cannot stop it: it only notices the
// closed pipe when it writes again, which a follower that has printed everything never does.
import {spawn} from 'node:child_process'
import {readFileSync} from 'node:fs'

const args = process.argv.slice(2)
const reportPeak = args[0] === '--report-peak'
if (reportPeak) args.shift()
const [total, command] = [Number(args[0]), args[1]]
const child = spawn('sh', ['-c', `exec ${command}`], {stdio: ['ignore', 'pipe', 'ignore'], detached: true})
let lines = 0

function peakKib(pid) {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match ? Number(match[1]) : undefined
}

child.stdout.on('data', (chunk) => {
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++
  if (lines >= total) {
    if (reportPeak) process.stderr.write(`peak-kib ${peakKib(child.pid)}\n`)
    process.kill(-child.pid, 'SIGTERM')
    process.exit(0)
  }
})
child.on('exit', () => process.exit(lines >= total ? 0 : 1))
