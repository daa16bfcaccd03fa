// `node bench/follow-until.mjs TOTAL COMMAND`: runs COMMAND (through sh), counts the lines it
// prints, and stops it once TOTAL lines have arrived; exits 0 then, 1 if it ended before.
// A following command never ends by itself, and `| head` cannot stop it: it only notices the
// closed pipe when it writes again, which a follower that has printed everything never does.
import {spawn} from 'node:child_process'

const [total, command] = [Number(process.argv[2]), process.argv[3]]
const child = spawn('sh', ['-c', command], {stdio: ['ignore', 'pipe', 'ignore'], detached: true})
let lines = 0
child.stdout.on('data', (chunk) => {
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++
  if (lines >= total) {
    process.kill(-child.pid, 'SIGTERM')
    process.exit(0)
  }
})
child.on('exit', () => process.exit(lines >= total ? 0 : 1))
