/**
 * `--stdin`: logs piped in (e.g. from `kubectl logs` or a file) go through the same filters and
 * formatting as tailed ones (-i, -e, -H, -o, --template). The pod and container are unknown,
 * so the default output prints the message alone.
 */
import type {Readable} from 'node:stream'
import {containerFormatter} from './format.js'
import type {SessionOptions, SessionOutput, SessionSummary} from './session.js'
import {LineSplitter} from '../util/lines.js'

export async function runStdinSession(input: Readable, options: SessionOptions, output: SessionOutput): Promise<SessionSummary> {
  const summary: SessionSummary = {tails: 1, lines: 0, failed: 0, unavailable: 0}
  const format = containerFormatter({...options.format, output: options.format.output === 'default' ? 'raw' : options.format.output}, {namespace: '', pod: '', container: '', nodeName: ''})
  const write = async (lines: string[]) => {
    let text = ''
    for (const message of lines) {
      if (options.exclude.some((re) => re.test(message))) continue
      if (options.include.length > 0 && !options.include.some((re) => re.test(message))) continue
      try {
        text += format('', message)
        summary.lines++
      } catch (error) {
        output.err(`expanding template failed: ${error instanceof Error ? error.message : String(error)}\n`)
      }
    }
    if (text && !output.out.write(text)) await new Promise<void>((resolve) => output.out.once('drain', resolve))
  }
  const splitter = new LineSplitter()
  for await (const chunk of input) await write(splitter.push(chunk as Buffer))
  const rest = splitter.rest()
  if (rest) await write([rest])
  return summary
}
