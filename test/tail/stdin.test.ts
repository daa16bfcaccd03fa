import {Readable} from 'node:stream'
import {expect, test} from 'vitest'
import {sessionOptions} from '../../src/tail/options.js'
import {runStdinSession} from '../../src/tail/stdin.js'

test('--stdin: piped lines go through -i/-e and the template', async () => {
  let text = ''
  const err: string[] = []
  const options = sessionOptions({include: ['error'], exclude: ['ignored'], template: '{{with $m := tryParseJSON .Message}}{{$m.msg}}{{else}}{{.Message}}{{end}}'}, 'd')
  const input = Readable.from([Buffer.from('{"msg":"error: disk"}\nok\nerror ignored\nplain error')])
  const summary = await runStdinSession(input, options, {out: {write: (t: string) => ((text += t), true), once: () => undefined}, err: (t) => err.push(t)})
  expect(text).toBe('error: disk\nplain error\n')
  expect(summary.lines).toBe(2)
  expect(err).toEqual([])
})
