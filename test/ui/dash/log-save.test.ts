/** `S` in the logs view: the lines written without colour codes to the path typed, and the footer's one line. */
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {homedir, tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {saveLog, savePath} from '../../../src/ui/dash/log-save.js'

describe('saving the logs view', () => {
  it('saves the lines without colour codes, and says where', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'log-save-'))
    try {
      expect(savePath('./x.log', dir)).toBe(join(dir, 'x.log'))
      const message = await saveLog('./web-1.log', ['\u001B[2mplain\u001B[22m', 'two'], dir)
      expect(message).toBe(`wrote 2 lines to ${join(dir, 'web-1.log')}`)
      expect(await readFile(join(dir, 'web-1.log'), 'utf8')).toBe('plain\ntwo\n')
      expect(await saveLog('./no/such/dir/x.log', ['a'], dir)).toMatch(/^cannot write .*no\/such\/dir\/x\.log: /)
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })

  it('an empty log is an empty file; ~/ is the home directory, an absolute path stays', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'log-save-'))
    try {
      expect(await saveLog('./empty.log', [], dir)).toBe(`wrote 0 lines to ${join(dir, 'empty.log')}`)
      expect(await readFile(join(dir, 'empty.log'), 'utf8')).toBe('')
      expect(savePath('~/logs/web.log', dir)).toBe(join(homedir(), 'logs', 'web.log'))
      expect(savePath('/var/tmp/web.log', dir)).toBe('/var/tmp/web.log')
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })
})
