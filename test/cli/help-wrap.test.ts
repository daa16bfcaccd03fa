// Examples on help pages are wrapped where a shell allows it: at spaces outside quotes, a flag
// kept with its value, so the printed lines pasted into a shell are the one command.
import {describe, expect, it} from 'vitest'
import {wrapCommand} from '../../src/cli/help.js'

describe('wrapCommand', () => {
  it('leaves a short command on one line', () => {
    expect(wrapCommand('kubectl diagnose node worker-3', 72)).toEqual(['kubectl diagnose node worker-3'])
  })

  it('breaks between flags, each flag kept with its value, every line within the width', () => {
    const lines = wrapCommand('kubectl capacity plan --services 18 --replicas 2 --cpu 2 --memory 4Gi --redundancy 10% --node-cpu 16 --node-memory 64Gi', 40)
    expect(lines).toEqual(['kubectl capacity plan --services 18', '--replicas 2 --cpu 2 --memory 4Gi', '--redundancy 10% --node-cpu 16', '--node-memory 64Gi'])
    for (const line of lines) expect(line.length + 2).toBeLessThanOrEqual(40)
  })

  it('never breaks inside quotes', () => {
    const lines = wrapCommand(`kubectl tail web --template '{{.PodName}}/{{.ContainerName}}: {{.Message}}'`, 30)
    expect(lines).toEqual(['kubectl tail web', `--template '{{.PodName}}/{{.ContainerName}}: {{.Message}}'`])
  })

  it('keeps a pipe out of a flag value', () => {
    expect(wrapCommand(`kubectl tail cart -o json | jq -r '.message'`, 30)).toEqual(['kubectl tail cart -o json |', `jq -r '.message'`])
  })
})
